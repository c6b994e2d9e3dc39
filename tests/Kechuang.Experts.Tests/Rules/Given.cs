using Kechuang.BuildingBlocks.Domain;
using Kechuang.Experts.Domain;
using Kechuang.TestKit;

namespace Kechuang.Experts.Tests.Rules;

/// <summary>Aggregates in a given state, built from their events as the store builds them.</summary>
internal static class Given
{
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 8, 0, 0, TimeSpan.FromHours(8));

    /// <summary>2026-03-10 14:00 Beijing time.</summary>
    public static readonly DateTimeOffset Afternoon = new(2026, 3, 10, 14, 0, 0, TimeSpan.FromHours(8));

    public static Expert Expert(
        ExpertStatus status = ExpertStatus.Approved, string[]? topics = null, string[]? provinces = null, int maxVisitsPerMonth = 4,
        params TimeSlot[] availability)
    {
        var id = Guid.NewGuid();
        var expert = Domain.Expert.Create(new ExpertRegistered(id, "李明", "清华大学", "教授", ExpertCategory.UniversityTeacher,
            ["物理学"], topics ?? ["physics"], provinces ?? ["北京市"], "13800138000", "a@b.cn", null, maxVisitsPerMonth, false,
            Actors.Centre, Now));
        if (status != ExpertStatus.PendingVetting)
            expert = expert.Apply(new ExpertVetted(id, status == ExpertStatus.Approved ? VettingDecision.Approve : VettingDecision.Reject,
                null, expert.Name, expert.Affiliation, false, expert.Topics, expert.Provinces, Actors.Centre, Now));
        return availability.Length == 0 ? expert : expert.Apply(new AvailabilitySet(id, availability, Actors.Centre, Now));
    }

    public static ExpertSchedule Schedule(Expert expert, params TimeSlot[] held)
    {
        var id = ExpertSchedule.StreamIdFor(expert.Id);
        var schedule = ExpertSchedule.Create(new ScheduleOpened(id, expert.Id, Actors.Centre, Now));
        foreach (var slot in held)
            schedule = schedule.Apply(new SlotReserved(id, Guid.NewGuid(), slot.Start, slot.End, Actors.Centre, Now));
        return schedule;
    }

    public static VisitRequest Visit(string topic = "physics", string province = "北京市", int durationMinutes = 90, params TimeSlot[] windows) =>
        VisitRequest.Create(new VisitRequested(Guid.NewGuid(), Guid.NewGuid(), new School("实验小学", province, "市", "县", true),
            VisitKind.ScienceTalk, topic, ["grade-5"], 100, windows.Length == 0 ? [Slot(Afternoon, 240)] : windows, durationMinutes,
            null, Actors.School(province), Now));

    public static VisitRequest Proposed(Expert expert, TimeSlot slot) =>
        Visit().Apply(new VisitAssigned(Guid.Empty, expert.Id, expert.Name, slot.Start, slot.End, Actors.Centre, Now));

    public static TimeSlot Slot(DateTimeOffset start, int minutes) => new(start, start.AddMinutes(minutes));

    public static T Event<T>(Decision decision) => decision.Events.OfType<T>().Single();

    public static Actor ExpertActor(Expert expert) => Actors.Expert(expert.Id);
}
