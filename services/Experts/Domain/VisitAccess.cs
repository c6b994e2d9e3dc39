using Kechuang.BuildingBlocks.Domain;

namespace Kechuang.Experts.Domain;

/// <summary>
/// Who sees a visit request: only of its province for an actor held to one, and then the province,
/// the school that asked, the expert assigned. Everyone else gets a 404, as if it did not exist.
/// </summary>
public static class VisitAccess
{
    public static bool CanSee(VisitRequest visit, Actor actor) => actor.CoversProvince(visit.School.Province) && actor.Role switch
    {
        Roles.Province => true,
        Roles.School => actor.OrganizationId is { } org && org == visit.OrganizationId,
        Roles.Expert => actor.ExpertId is { } expert && expert == visit.ExpertId,
        _ => actor.IsNational,
    };
}
