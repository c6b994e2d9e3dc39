using Kechuang.BuildingBlocks.Domain;

namespace Kechuang.Experts.Domain;

/// <summary>The expert pool's rules: pure functions of (state, command, now, actor).</summary>
public static class ExpertRules
{
    /// <summary>Vetting happens once, by the centre or by a province the expert serves.</summary>
    public static Decision Vet(Expert expert, VettingDecision decision, string? comment, DateTimeOffset now, Actor actor)
    {
        if (actor.Role == Roles.Province && (actor.Province is not { } province || !expert.Serves(province)))
            return DomainError.Forbidden("A province vets only experts who serve it.");
        if (expert.Status != ExpertStatus.PendingVetting)
            return DomainError.InvalidState($"The expert was already vetted ({ApiEnum.Name(expert.Status)}).");
        return Decision.Of(new ExpertVetted(expert.Id, decision, comment, expert.Name, expert.Affiliation, expert.Trainer,
            expert.Topics, expert.Provinces, actor, now));
    }

    /// <summary>Replaces the expert's availability; a rejected expert is not matched, so has none to keep.</summary>
    public static Decision SetAvailability(Expert expert, IReadOnlyList<TimeSlot> slots, DateTimeOffset now, Actor actor)
    {
        if (!ExpertAccess.Manages(expert, actor))
            return DomainError.Forbidden("Only the expert, the centre or a province the expert serves sets availability.");
        if (expert.Status == ExpertStatus.Rejected)
            return DomainError.InvalidState("The expert was rejected in vetting.");
        return Decision.Of(new AvailabilitySet(expert.Id, slots.OrderBy(s => s.Start).ToList(), actor, now));
    }
}
