using System.Text.Json.Serialization;
using Kechuang.BuildingBlocks.Domain;

namespace Kechuang.Training.Domain;

public sealed record SeatLedgerOpened(Guid LedgerId, Guid CourseId, int Capacity, Actor By, DateTimeOffset At) : IDomainEvent;

public sealed record SeatTaken(
    Guid LedgerId, Guid EnrolmentId, string PhoneKey, string EmailKey, int Arrival, Actor By, DateTimeOffset At) : IDomainEvent;

public sealed record WaitlistJoined(
    Guid LedgerId, Guid EnrolmentId, string PhoneKey, string EmailKey, int Arrival, Actor By, DateTimeOffset At) : IDomainEvent;

public sealed record SeatReleased(Guid LedgerId, Guid EnrolmentId, Actor By, DateTimeOffset At) : IDomainEvent;

public sealed record WaitlistLeft(Guid LedgerId, Guid EnrolmentId, Actor By, DateTimeOffset At) : IDomainEvent;

public sealed record WaitlistPromoted(Guid LedgerId, Guid EnrolmentId, Actor By, DateTimeOffset At) : IDomainEvent;

/// <summary>An active enrolment as the ledger knows it: seated, or waiting in arrival order.</summary>
public sealed record SeatHolder(Guid EnrolmentId, string PhoneKey, string EmailKey, int Arrival, bool Seated);

/// <summary>
/// The seats of one course: who holds one and who waits, first come first served. Every
/// enrolment and cancellation of the course is decided on this one stream, taken with an
/// exclusive row lock, and appended in the same transaction as the enrolment's own event — so
/// concurrent requests queue here and capacity holds exactly. <see cref="Arrival"/> numbers the
/// requests in the order the ledger accepted them.
/// </summary>
public sealed record SeatLedger(Guid Id, Guid CourseId, int Capacity, int Arrivals, IReadOnlyList<SeatHolder> Holders)
{
    private static readonly byte[] Purpose = "kechuang/training/seat-ledger"u8.ToArray();

    /// <summary>
    /// The ledger's stream id, derived from the course's (a name-based UUID, version 8). The course
    /// id stands where the namespace goes and the purpose where the name goes: the order the first
    /// ledgers were minted in.
    /// </summary>
    public static Guid IdFor(Guid courseId) => NameBasedGuid.V8Sha256(courseId, Purpose);

    public static SeatLedger Create(SeatLedgerOpened e) => new(e.LedgerId, e.CourseId, e.Capacity, 0, []);

    public SeatLedger Apply(SeatTaken e) => Admit(new SeatHolder(e.EnrolmentId, e.PhoneKey, e.EmailKey, e.Arrival, true));

    public SeatLedger Apply(WaitlistJoined e) => Admit(new SeatHolder(e.EnrolmentId, e.PhoneKey, e.EmailKey, e.Arrival, false));

    public SeatLedger Apply(SeatReleased e) => Remove(e.EnrolmentId);

    public SeatLedger Apply(WaitlistLeft e) => Remove(e.EnrolmentId);

    public SeatLedger Apply(WaitlistPromoted e) =>
        this with { Holders = Holders.Select(h => h.EnrolmentId == e.EnrolmentId ? h with { Seated = true } : h).ToList() };

    [JsonIgnore]
    public int Seated => Holders.Count(h => h.Seated);

    /// <summary>Waiting enrolments, first come first served.</summary>
    [JsonIgnore]
    public IEnumerable<SeatHolder> Waitlist => Holders.Where(h => !h.Seated).OrderBy(h => h.Arrival);

    [JsonIgnore]
    public int Waiting => Holders.Count(h => !h.Seated);

    [JsonIgnore]
    public bool HasFreeSeat => Seated < Capacity;

    /// <summary>1 for the first in line; null when the enrolment is not waiting.</summary>
    public int? WaitlistPosition(Guid enrolmentId)
    {
        var position = 1;
        foreach (var holder in Waitlist)
        {
            if (holder.EnrolmentId == enrolmentId) return position;
            position++;
        }
        return null;
    }

    /// <summary>The active enrolment of the same teacher (same phone or same e-mail), if any.</summary>
    public SeatHolder? HeldBy(Teacher teacher) =>
        Holders.FirstOrDefault(h => h.PhoneKey == teacher.PhoneKey || h.EmailKey == teacher.EmailKey);

    private SeatLedger Admit(SeatHolder holder) =>
        this with { Arrivals = holder.Arrival, Holders = [.. Holders, holder] };

    private SeatLedger Remove(Guid enrolmentId) =>
        this with { Holders = Holders.Where(h => h.EnrolmentId != enrolmentId).ToList() };
}
