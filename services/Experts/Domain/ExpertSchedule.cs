using Kechuang.BuildingBlocks.Domain;

namespace Kechuang.Experts.Domain;

/// <summary>An event of an expert's schedule stream rather than of a visit request's.</summary>
public interface IScheduleEvent : IDomainEvent
{
    Guid ScheduleId { get; }
}

/// <summary>Started with the expert's registration, so the stream exists before anyone books it.</summary>
public sealed record ScheduleOpened(Guid ScheduleId, Guid ExpertId, Actor By, DateTimeOffset At) : IScheduleEvent;

/// <summary>A visit was proposed to the expert for this slot: it is held until declined or cancelled.</summary>
public sealed record SlotReserved(Guid ScheduleId, Guid VisitRequestId, DateTimeOffset Start, DateTimeOffset End, Actor By, DateTimeOffset At)
    : IScheduleEvent;

public sealed record SlotReleased(Guid ScheduleId, Guid VisitRequestId, string Reason, Actor By, DateTimeOffset At) : IScheduleEvent;

public sealed record Reservation(Guid VisitRequestId, DateTimeOffset Start, DateTimeOffset End)
{
    public TimeSlot Slot => new(Start, End);
}

/// <summary>
/// The one stream that decides an expert's bookings. Every assignment, decline and cancellation
/// takes it with <c>FetchForExclusiveWriting</c> (a row lock) and appends to it in the same
/// transaction as the visit request's event, so concurrent assignments of one expert queue here
/// and no two overlapping visits are ever held, nor more than the monthly capacity.
/// </summary>
public sealed record ExpertSchedule(Guid Id, Guid ExpertId, IReadOnlyList<Reservation> Reservations)
{
    public static ExpertSchedule Create(ScheduleOpened e) => new(e.ScheduleId, e.ExpertId, []);

    public ExpertSchedule Apply(SlotReserved e) =>
        this with { Reservations = [.. Reservations, new Reservation(e.VisitRequestId, e.Start, e.End)] };

    public ExpertSchedule Apply(SlotReleased e) =>
        this with { Reservations = Reservations.Where(r => r.VisitRequestId != e.VisitRequestId).ToList() };

    public Reservation? FirstOverlapping(TimeSlot slot) => Reservations.FirstOrDefault(r => r.Slot.Overlaps(slot));

    /// <summary>Visits held in the calendar month (Beijing time) in which <paramref name="start"/> falls.</summary>
    public int VisitsInMonthOf(DateTimeOffset start)
    {
        var month = ChinaTime.MonthOf(start);
        return Reservations.Count(r => ChinaTime.MonthOf(r.Start) == month);
    }

    /// <summary>
    /// The schedule's stream id, derived from the expert's id (a name-based UUID, version 8 of
    /// RFC 9562), so an assignment can lock it knowing only the expert.
    /// </summary>
    public static Guid StreamIdFor(Guid expertId) => NameBasedGuid.V8Sha256(Namespace, expertId.ToByteArray(bigEndian: true));

    private static readonly Guid Namespace = new("3b5e8a52-6d0f-4f43-9a57-2f1c9d6e4b10");
}
