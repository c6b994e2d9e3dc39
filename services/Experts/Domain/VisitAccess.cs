using Kechuang.BuildingBlocks.Domain;

namespace Kechuang.Experts.Domain;

/// <summary>Who sees a visit request. Everyone else gets a 404, as if it did not exist.</summary>
public static class VisitAccess
{
    public static bool CanSee(VisitRequest visit, Actor actor) => actor.Role switch
    {
        Roles.Province => actor.CoversProvince(visit.School.Province),
        Roles.School => actor.OrganizationId is { } org && org == visit.OrganizationId,
        Roles.Expert => actor.ExpertId is { } expert && expert == visit.ExpertId,
        _ => actor.IsNational,
    };
}
