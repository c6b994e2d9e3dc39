using JasperFx.Events;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Http;
using Kechuang.BuildingBlocks.Persistence;
using Kechuang.Experts.Domain;
using Marten;

namespace Kechuang.Experts.Visits;

/// <summary>
/// The write path of a visit request whose decision also touches its expert's schedule
/// (assign, decline, cancel). The schedule stream is taken with <c>FetchForExclusiveWriting</c>,
/// a row lock held until commit: concurrent bookings of one expert queue behind it and each
/// decides on the schedule as the previous one left it. The request itself is checked
/// optimistically (If-Match, or the version it was read at). Both appends commit in one transaction.
/// </summary>
internal static class VisitWrites
{
    /// <param name="expertToLock">The expert whose schedule to lock before reading the request
    /// (an assignment names it); when null, the schedule of the request's assigned expert, if any.</param>
    public static async Task<Outcome<VisitRequest>> DecideAsync(
        IDocumentSession session, Guid visitId, IfMatch ifMatch, Guid? expertToLock,
        Func<VisitRequest, ExpertSchedule?, Decision> decide, CancellationToken ct)
    {
        // Marten refuses the empty GUID as a stream id (it throws); no visit has it.
        if (visitId == Guid.Empty) return Outcome<VisitRequest>.Failed(DomainError.NotFound("visit request"));
        IEventStream<ExpertSchedule>? schedule = null;
        if (expertToLock is { } named)
        {
            schedule = await LockScheduleAsync(session, named, ct);
            if (schedule is null) return Outcome<VisitRequest>.Failed(DomainError.NotFound("expert"));
        }

        var visit = ifMatch.Version is { } expected
            ? await session.Events.FetchForWriting<VisitRequest>(visitId, expected, ct)
            : await session.Events.FetchForWriting<VisitRequest>(visitId, ct);
        if (visit.Aggregate is null) return Outcome<VisitRequest>.Failed(DomainError.NotFound("visit request"));
        if (schedule is null && visit.Aggregate.ExpertId is { } assigned)
            schedule = await LockScheduleAsync(session, assigned, ct);

        var decision = decide(visit.Aggregate, schedule?.Aggregate);
        if (decision.Error is { } error) return Outcome<VisitRequest>.Failed(error);

        var visitEvents = 0;
        foreach (var @event in decision.Events)
        {
            if (@event is IScheduleEvent scheduled)
            {
                if (schedule?.Aggregate?.Id != scheduled.ScheduleId)
                    throw new InvalidOperationException("A schedule event was decided without holding that schedule's lock.");
                schedule.AppendOne(@event);
            }
            else
            {
                visit.AppendOne(@event);
                visitEvents++;
            }
        }
        await session.SaveChangesAsync(ct);
        var state = await session.Events.FetchLatest<VisitRequest>(visitId, ct);
        return new Outcome<VisitRequest>(state, (visit.StartingVersion ?? 0) + visitEvents, null);
    }

    private static async Task<IEventStream<ExpertSchedule>?> LockScheduleAsync(IDocumentSession session, Guid expertId, CancellationToken ct)
    {
        var stream = await session.Events.FetchForExclusiveWriting<ExpertSchedule>(ExpertSchedule.StreamIdFor(expertId), ct);
        return stream.Aggregate is null ? null : stream;
    }
}
