using JasperFx;
using JasperFx.Events;
using Kechuang.BuildingBlocks.Domain;
using Marten;

namespace Kechuang.BuildingBlocks.Persistence;

/// <summary>The outcome of a state change: the new state and version, or why not.</summary>
public sealed record Outcome<T>(T? State, long Version, DomainError? Error) where T : class
{
    public static Outcome<T> Failed(DomainError error) => new(null, 0, error);
}

/// <summary>
/// The write path of every aggregate: <c>FetchForWriting</c> (with the client's <c>If-Match</c>
/// as the expected version) → a decision → append → <c>SaveChangesAsync</c>, the aggregate read
/// once. A concurrent writer makes the save fail with a concurrency error (409, or 412 with a
/// stale If-Match). A decision that says no stores nothing.
/// </summary>
/// <remarks>
/// A rule that spans many streams (a quota, a course's seats, an expert's schedule) is decided on
/// a ledger stream taken with <c>FetchForExclusiveWriting</c>: a row lock held until the session
/// commits, so concurrent writers queue behind it and each decides on the ledger as the previous
/// one left it, instead of failing on a race. The aggregate's and the ledger's events commit in
/// one transaction.
/// <para>
/// An aggregate's version is its stream's, and Marten keeps it: every aggregate is an
/// <see cref="ILongVersioned"/> whose <c>Version</c> Marten sets as it applies the events and reads
/// from the snapshot's <c>mt_version</c> column (the stream version of the last event applied) when it
/// loads or queries the document. ETags, answers and list items all read that one property.
/// </para>
/// </remarks>
public static class EventStreams
{
    public static Task<Outcome<T>> DecideAsync<T>(
        this IDocumentSession session, Guid id, IfMatch ifMatch, Func<T, Decision> decide, CancellationToken ct,
        string what = "record")
        where T : class, ILongVersioned =>
        session.DecideAsync<T>(id, ifMatch, (state, _) => Task.FromResult(decide(state)), ct, what);

    /// <summary>A decision that reads more before it decides (what the aggregate refers to, as of this write).</summary>
    public static async Task<Outcome<T>> DecideAsync<T>(
        this IDocumentSession session, Guid id, IfMatch ifMatch, Func<T, CancellationToken, Task<Decision>> decide,
        CancellationToken ct, string what = "record")
        where T : class, ILongVersioned
    {
        // Marten refuses the empty GUID as a stream id (it throws); no record has it.
        if (id == Guid.Empty) return Outcome<T>.Failed(DomainError.NotFound(what));
        var stream = await FetchForWritingAsync<T>(session, id, ifMatch, ct);
        if (stream.Aggregate is null) return Outcome<T>.Failed(DomainError.NotFound(what));

        var decision = await decide(stream.Aggregate, ct);
        if (decision.Error is { } error) return Outcome<T>.Failed(error);
        stream.AppendMany(decision.Events);
        return await SaveAsync(session, stream, ct);
    }

    /// <summary>
    /// The aggregate itself under the row lock: concurrent writers of one stream queue rather than
    /// fail. A record the caller may not see (<paramref name="visible"/>) is a 404 before
    /// <c>If-Match</c> is compared with the version found once the lock is held, so a guessed
    /// ETag tells nobody that it exists.
    /// </summary>
    public static async Task<Outcome<T>> DecideExclusivelyAsync<T>(
        this IDocumentSession session, Guid id, IfMatch ifMatch, Func<T, bool> visible, Func<T, Decision> decide,
        CancellationToken ct, string what = "record")
        where T : class, ILongVersioned
    {
        if (id == Guid.Empty) return Outcome<T>.Failed(DomainError.NotFound(what));
        var stream = await session.Events.FetchForExclusiveWriting<T>(id, ct);
        if (stream.Aggregate is null || !visible(stream.Aggregate)) return Outcome<T>.Failed(DomainError.NotFound(what));
        if (ifMatch.Version is { } expected && expected != stream.StartingVersion)
            return Outcome<T>.Failed(DomainError.PreconditionFailed());

        var decision = decide(stream.Aggregate);
        if (decision.Error is { } error) return Outcome<T>.Failed(error);
        stream.AppendMany(decision.Events);
        return await SaveAsync(session, stream, ct);
    }

    /// <summary>
    /// The aggregate and a ledger named up front. The ledger is locked before the aggregate is read,
    /// so writers of the same aggregate queue too and decide on its state as the previous one left
    /// it. No ledger (<paramref name="ledgerId"/> null) decides on the aggregate alone; a ledger that
    /// does not exist is a 404 of <paramref name="ledgerWhat"/>.
    /// </summary>
    public static Task<Outcome<T>> DecideAsync<T, TLedger>(
        this IDocumentSession session, Guid id, IfMatch ifMatch, Guid? ledgerId, Func<T, TLedger?, LedgerDecision> decide,
        CancellationToken ct, string what = "record", string ledgerWhat = "record")
        where T : class, ILongVersioned where TLedger : class =>
        DecideWithLedgerAsync(session, id, ifMatch, ledgerId, ledgerWhat, null, decide, ct, what);

    /// <summary>
    /// The aggregate and the ledger it names, if any (its assigned expert's schedule, say), locked
    /// once the aggregate has been read; the aggregate itself is checked optimistically.
    /// </summary>
    public static Task<Outcome<T>> DecideAsync<T, TLedger>(
        this IDocumentSession session, Guid id, IfMatch ifMatch, Func<T, Guid?> ledgerOf, Func<T, TLedger?, LedgerDecision> decide,
        CancellationToken ct, string what = "record")
        where T : class, ILongVersioned where TLedger : class =>
        DecideWithLedgerAsync(session, id, ifMatch, null, "record", ledgerOf, decide, ct, what);

    /// <summary>Starts a new stream whose first events a locked ledger decides (a seat, or a place on the waitlist).</summary>
    public static async Task<Outcome<T>> StartAsync<T, TLedger>(
        this IDocumentSession session, Guid id, Guid ledgerId, Func<TLedger, LedgerDecision> decide, CancellationToken ct,
        string ledgerWhat = "record")
        where T : class, ILongVersioned where TLedger : class
    {
        var ledger = await session.Events.FetchForExclusiveWriting<TLedger>(ledgerId, ct);
        if (ledger.Aggregate is null) return Outcome<T>.Failed(DomainError.NotFound(ledgerWhat));
        var decision = decide(ledger.Aggregate);
        if (decision.Error is { } error) return Outcome<T>.Failed(error);

        ledger.AppendMany(decision.LedgerEvents);
        AppendElsewhere(session, decision);
        return await session.StartAsync<T>(id, decision.Events, ct);
    }

    private static async Task<Outcome<T>> DecideWithLedgerAsync<T, TLedger>(
        IDocumentSession session, Guid id, IfMatch ifMatch, Guid? lockFirst, string ledgerWhat, Func<T, Guid?>? lockAfter,
        Func<T, TLedger?, LedgerDecision> decide, CancellationToken ct, string what)
        where T : class, ILongVersioned where TLedger : class
    {
        if (id == Guid.Empty) return Outcome<T>.Failed(DomainError.NotFound(what));
        IEventStream<TLedger>? ledger = null;
        if (lockFirst is { } ledgerId)
        {
            ledger = await session.Events.FetchForExclusiveWriting<TLedger>(ledgerId, ct);
            if (ledger.Aggregate is null) return Outcome<T>.Failed(DomainError.NotFound(ledgerWhat));
        }
        var stream = await FetchForWritingAsync<T>(session, id, ifMatch, ct);
        if (stream.Aggregate is null) return Outcome<T>.Failed(DomainError.NotFound(what));
        if (lockAfter?.Invoke(stream.Aggregate) is { } named)
            ledger = await session.Events.FetchForExclusiveWriting<TLedger>(named, ct);

        var decision = decide(stream.Aggregate, ledger?.Aggregate);
        if (decision.Error is { } error) return Outcome<T>.Failed(error);
        if (decision.LedgerEvents.Count > 0 || decision.Elsewhere.Count > 0)
        {
            // The other streams have no version check: only the ledger's lock keeps their writers apart.
            if (ledger?.Aggregate is null)
                throw new InvalidOperationException($"Events under a {typeof(TLedger).Name} were decided without holding its lock.");
            ledger.AppendMany(decision.LedgerEvents);
        }
        stream.AppendMany(decision.Events);
        AppendElsewhere(session, decision);
        return await SaveAsync(session, stream, ct);
    }

    private static Task<IEventStream<T>> FetchForWritingAsync<T>(IDocumentSession session, Guid id, IfMatch ifMatch, CancellationToken ct)
        where T : class =>
        ifMatch.Version is { } expected
            ? session.Events.FetchForWriting<T>(id, expected, ct)
            : session.Events.FetchForWriting<T>(id, ct);

    /// <summary>Streams only the ledger's holders change: its lock, not a version, keeps their writers apart.</summary>
    private static void AppendElsewhere(IDocumentSession session, LedgerDecision decision)
    {
        foreach (var (streamId, @event) in decision.Elsewhere) session.Events.Append(streamId, @event);
    }

    /// <summary>
    /// Commits, then answers the new state: <c>FetchLatest</c> after <c>FetchForWriting</c> in one
    /// session is served from what the session fetched and appended, not read again.
    /// </summary>
    private static async Task<Outcome<T>> SaveAsync<T>(IDocumentSession session, IEventStream<T> stream, CancellationToken ct)
        where T : class, ILongVersioned
    {
        await session.SaveChangesAsync(ct);
        return Saved(await session.Events.FetchLatest<T>(stream.Id, ct));
    }

    private static Outcome<T> Saved<T>(T? state) where T : class, ILongVersioned => new(state, state?.Version ?? 0, null);

    /// <summary>Starts a new stream with its first events and returns the created state.</summary>
    public static async Task<Outcome<T>> StartAsync<T>(
        this IDocumentSession session, Guid id, IReadOnlyList<object> events, CancellationToken ct)
        where T : class, ILongVersioned
    {
        session.Events.StartStream<T>(id, events.ToArray());
        await session.SaveChangesAsync(ct);
        return Saved(await session.Events.FetchLatest<T>(id, ct));
    }

    /// <summary>The current state and version of an aggregate, for reads that return an ETag: one query, the snapshot.</summary>
    public static async Task<(T? State, long Version)> ReadAsync<T>(this IDocumentSession session, Guid id, CancellationToken ct)
        where T : class, ILongVersioned
    {
        var state = await session.Events.FetchLatest<T>(id, ct);
        return (state, state?.Version ?? 0);
    }
}
