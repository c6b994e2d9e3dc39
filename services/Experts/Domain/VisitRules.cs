using Kechuang.BuildingBlocks.Domain;

namespace Kechuang.Experts.Domain;

/// <summary>The visit lifecycle's rules: pure functions of (state, command, now, actor).</summary>
public static class VisitRules
{
    public const string DoubleBooked = "double_booked";
    public const string MonthlyCapacityReached = "monthly_capacity_reached";
    public const string ExpertNotVetted = "expert_not_vetted";

    /// <summary>
    /// Proposes <paramref name="expert"/> for <paramref name="slot"/>: only an open request, only an
    /// approved expert, never overlapping another visit the expert holds, never beyond the
    /// expert's visits per month. Appends to both the request and the expert's schedule.
    /// </summary>
    public static Decision Assign(
        VisitRequest visit, Expert expert, ExpertSchedule schedule, TimeSlot slot, DateTimeOffset now, Actor actor)
    {
        if (visit.Status != VisitStatus.Open)
            return DomainError.InvalidState($"Only an open request is assigned; this one is {Describe(visit.Status)}.");
        if (expert.Status != ExpertStatus.Approved)
            return DomainError.Rule(ExpertNotVetted, "Only an approved expert is assigned.",
                $"The expert is {(expert.Status == ExpertStatus.Rejected ? "rejected" : "still pending vetting")}.");
        if (schedule.FirstOverlapping(slot) is { } taken)
            return DomainError.Conflict(DoubleBooked, "The expert already has a visit at that time.",
                $"It overlaps the visit from {taken.Start:O} to {taken.End:O}.");
        if (schedule.VisitsInMonthOf(slot.Start) >= expert.MaxVisitsPerMonth)
            return DomainError.Conflict(MonthlyCapacityReached, "The expert's visits for that month are full.",
                $"The expert takes at most {expert.MaxVisitsPerMonth} visits a month.");
        return Decision.Of(
            new VisitAssigned(visit.Id, expert.Id, expert.Name, slot.Start, slot.End, actor, now),
            new SlotReserved(schedule.Id, visit.Id, slot.Start, slot.End, actor, now));
    }

    /// <summary>The assigned expert accepts (→ confirmed) or declines (→ open, the slot freed).</summary>
    public static Decision Respond(VisitRequest visit, ExpertSchedule schedule, bool accept, string? reason, DateTimeOffset now, Actor actor)
    {
        if (visit.Status != VisitStatus.Proposed || visit.ExpertId is not { } expertId)
            return DomainError.InvalidState($"Only a proposed visit is accepted or declined; this one is {Describe(visit.Status)}.");
        if (actor.Role != Roles.Admin && actor.ExpertId != expertId)
            return DomainError.Forbidden("Only the proposed expert accepts or declines.");
        if (accept) return Decision.Of(new VisitAccepted(visit.Id, expertId, reason, actor, now));
        return Decision.Of(
            new VisitDeclined(visit.Id, expertId, reason, actor, now),
            new SlotReleased(schedule.Id, visit.Id, "declined", actor, now));
    }

    /// <summary>Cancelled at any point before delivery; a held slot is freed.</summary>
    public static Decision Cancel(VisitRequest visit, ExpertSchedule? schedule, string reason, DateTimeOffset now, Actor actor)
    {
        if (visit.Status is VisitStatus.Delivered or VisitStatus.Cancelled)
            return DomainError.InvalidState($"The visit is already {Describe(visit.Status)}.");
        var cancelled = new VisitCancelled(visit.Id, reason, actor, now);
        if (!visit.HoldsSlot) return Decision.Of(cancelled);
        if (schedule is null) throw new InvalidOperationException("Cancelling a held visit needs the expert's schedule.");
        return Decision.Of(cancelled, new SlotReleased(schedule.Id, visit.Id, "cancelled", actor, now));
    }

    /// <summary>A confirmed visit is delivered, and not before it took place.</summary>
    public static Decision Deliver(
        VisitRequest visit, DateTimeOffset deliveredAt, int audienceCount, int durationMinutes, DateTimeOffset now, Actor actor)
    {
        if (visit.Status != VisitStatus.Confirmed || visit.ExpertId is not { } expertId)
            return DomainError.InvalidState($"Only a confirmed visit is delivered; this one is {Describe(visit.Status)}.");
        if (deliveredAt > now)
            return DomainError.Rule("delivered_in_future", "A visit is recorded as delivered once it took place.",
                "deliveredAt is later than now.");
        return Decision.Of(new VisitDelivered(visit.Id, expertId, visit.School, visit.Kind, visit.Topic, deliveredAt,
            audienceCount, durationMinutes, actor, now));
    }

    /// <summary>The school rates a delivered visit, once.</summary>
    public static Decision GiveFeedback(VisitRequest visit, int rating, string? comment, DateTimeOffset now, Actor actor)
    {
        if (visit.Status != VisitStatus.Delivered)
            return DomainError.InvalidState($"Feedback is given on a delivered visit; this one is {Describe(visit.Status)}.");
        if (visit.Feedback is not null) return DomainError.InvalidState("Feedback was already given.");
        return Decision.Of(new VisitFeedbackGiven(visit.Id, rating, comment, actor, now));
    }

    private static string Describe(VisitStatus status) => ApiEnum.Name(status);
}
