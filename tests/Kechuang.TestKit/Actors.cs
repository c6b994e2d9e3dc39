using Kechuang.BuildingBlocks.Domain;

namespace Kechuang.TestKit;

/// <summary>Callers tests act as.</summary>
public static class Actors
{
    public static readonly Actor Admin = new("key-admin", "测试管理员", Roles.Admin);
    public static readonly Actor Centre = new("user-centre", "中心工作人员", Roles.Centre);
    public static readonly Actor Operator = new("user-operator", "运维值班", Roles.Operator);
    public static readonly Actor Reader = new("key-reader", "只读伙伴", Roles.Reader);

    public static Actor Province(string province) => new($"user-province-{province}", $"{province}科协青少年部", Roles.Province, province);

    public static Actor Unit(Guid? organization = null)
    {
        var id = organization ?? Guid.NewGuid();
        return new($"key-unit-{id:N}", "申报单位", Roles.Unit, OrganizationId: id);
    }

    public static Actor School(string province = "北京市", Guid? organization = null) =>
        new($"key-school-{Guid.NewGuid():N}", "学校", Roles.School, province, organization ?? Guid.NewGuid());

    public static Actor Expert(Guid expertId) => new($"key-expert-{expertId:N}", "专家", Roles.Expert, ExpertId: expertId);

    public static Actor Trainer(Guid? expertId = null) => new($"key-trainer-{Guid.NewGuid():N}", "培训管理员", Roles.Trainer, ExpertId: expertId);
}
