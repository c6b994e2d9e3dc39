using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Http;

namespace Kechuang.Gateway.Access;

/// <summary>
/// The scope a partner key or a staff account is bound to at creation, by its role, the same for
/// both: a provincial association names its province; an expert, and a trainer (a vetted expert
/// flagged trainer), its expert id; a unit or a school its organisation (one is minted when none
/// is given, so what it creates is its own). Any role may be held to a province as well. An id a
/// role has no use for is refused rather than kept, so a key never looks more scoped than it is.
/// </summary>
public static class AccessScope
{
    private static readonly string[] ExpertRoles = [Roles.Expert, Roles.Trainer];
    private static readonly string[] OrganizationRoles = [Roles.Unit, Roles.School];

    public static void Validate(Validator v, string? role, string? province, Guid? organizationId, Guid? expertId)
    {
        if (role == Roles.Province) v.Province("province", province);
        else if (province is not null && !Vocabulary.IsProvince(province))
            v.Add("province", "is not a provincial-level division of mainland China (e.g. 北京市, 广东省).");

        if (ExpertRoles.Contains(role))
        {
            if (expertId is null) v.Add("expertId", $"is required for the {role} role: the id of the expert it acts as.");
        }
        else if (expertId is not null)
        {
            v.Add("expertId", "is only for the expert and trainer roles.");
        }
        if (expertId == Guid.Empty) v.Add("expertId", "is not an expert's id.");

        if (organizationId is not null && !OrganizationRoles.Contains(role))
            v.Add("organizationId", "is only for the unit and school roles.");
        if (organizationId == Guid.Empty) v.Add("organizationId", "is not an organisation's id.");
    }

    /// <summary>The organisation a new key or account of <paramref name="role"/> stands for.</summary>
    public static Guid? OrganizationFor(string role, Guid? organizationId) =>
        organizationId ?? (OrganizationRoles.Contains(role) ? Guid.NewGuid() : null);

    /// <summary>
    /// An admin held to a province manages only the staff accounts of that province; others' are
    /// not there for it (404).
    /// </summary>
    public static bool Manages(Actor admin, string? province) =>
        admin.Province is null || string.Equals(admin.Province, province, StringComparison.Ordinal);
}
