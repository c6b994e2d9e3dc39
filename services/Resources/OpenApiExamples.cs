using Kechuang.BuildingBlocks.Http;
using Kechuang.Resources.Deliveries;
using Kechuang.Resources.Domain;
using Kechuang.Resources.Packages;
using Kechuang.Resources.Resources;
using Kechuang.Resources.Subscriptions;

namespace Kechuang.Resources;

/// <summary>The example of each request body in the served document (README "Partner document"), each accepted by its validator.</summary>
public static class OpenApiExamples
{
    /// <summary>Resources of the catalogue a partner would have read first: the examples show the shape.</summary>
    private static readonly Guid ResourceId = Guid.Parse("3e7a9c15-6b2d-4f80-a4c3-9d1e5b7f2a68");
    private static readonly Guid OtherResourceId = Guid.Parse("c41f2d86-9e3b-4a57-8b60-2f7d1c5e9a03");

    private static readonly SchoolRequest School = new("浙江省安吉县昌硕小学", "浙江省", "湖州市", "安吉县", true);

    public static readonly RequestExamples Bodies = new RequestExamples()
        .Add(new ResourceRequest(
            "校园水质小调查", "面向小学高年级的科学调查体验活动指南：采样、检测、记录与汇报，共4课时。",
            ResourceKind.ActivityGuide, ["science-investigation", "environment"], ["grade-4", "grade-5", "grade-6"],
            ResourceFormat.Blended, "中国科技馆", "CC BY-NC 4.0", "https://www.cstm.org.cn/kepu/shuizhi-diaocha",
            "第1课时：认识水质指标；第2课时：校园采样；第3课时：检测与记录；第4课时：小组汇报。"))
        .Add(new CurationEndpoints.ReviewRequest(ReviewDecision.Approve, "内容科学准确，适合小学高年级使用。"))
        .Add(new CurationEndpoints.ArchiveRequest("已由2026年修订版替代。"))
        .Add(new PackageRequest("乡村学校科学调查资源包", "为乡村小学准备的科学调查体验活动指南与配套视频。",
            [ResourceId, OtherResourceId], "乡村小学四至六年级"))
        .Add(new SubscriptionEndpoints.SubscriptionRequest(School, ["science-investigation", "aerospace"], ["grade-5", "grade-6"]))
        .Add(new DeliveryEndpoints.DeliveryRequest(ResourceId, null, School, DeliveryMode.Offline,
            new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.FromHours(8))));
}
