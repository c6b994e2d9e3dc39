using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Http;
using Marten;

namespace Kechuang.BuildingBlocks.Persistence;

/// <summary>The outcome of a state change: the new state and version, or why not.</summary>
public sealed record Outcome<T>(T? State, long Version, DomainError? Error) where T : class
{
    public static Outcome<T> Failed(DomainError error) => new(null, 0, error);
}

/// <summary>
/// The write path of every aggregate: <c>FetchForWriting</c> (with the client's <c>If-Match</c>
/// as the expected version) → a pure decision → append → <c>SaveChangesAsync</c>. A concurrent
/// writer makes the save fail with a concurrency error (409, or 412 with a stale If-Match).
/// </summary>
public static class EventStreams
{
    public static async Task<Outcome<T>> DecideAsync<T>(
        this IDocumentSession session, Guid id, IfMatch ifMatch, Func<T, Decision> decide, CancellationToken ct,
        string what = "record")
        where T : class
    {
        // Marten refuses the empty GUID as a stream id (it throws); no record has it.
        if (id == Guid.Empty) return Outcome<T>.Failed(DomainError.NotFound(what));
        var stream = ifMatch.Version is { } expected
            ? await session.Events.FetchForWriting<T>(id, expected, ct)
            : await session.Events.FetchForWriting<T>(id, ct);
        if (stream.Aggregate is null) return Outcome<T>.Failed(DomainError.NotFound(what));

        var decision = decide(stream.Aggregate);
        if (decision.Error is { } error) return Outcome<T>.Failed(error);

        stream.AppendMany(decision.Events);
        await session.SaveChangesAsync(ct);
        var state = await session.Events.FetchLatest<T>(id, ct);
        return new Outcome<T>(state, (stream.StartingVersion ?? 0) + decision.Events.Count, null);
    }

    /// <summary>Starts a new stream with its first events and returns the created state.</summary>
    public static async Task<Outcome<T>> StartAsync<T>(
        this IDocumentSession session, Guid id, IReadOnlyList<object> events, CancellationToken ct)
        where T : class
    {
        session.Events.StartStream<T>(id, events.ToArray());
        await session.SaveChangesAsync(ct);
        var state = await session.Events.FetchLatest<T>(id, ct);
        return new Outcome<T>(state, events.Count, null);
    }

    /// <summary>The current versions of many streams in one query, for lists that show each record's version.</summary>
    public static async Task<IReadOnlyDictionary<Guid, long>> StreamVersionsAsync(
        this IQuerySession session, IEnumerable<Guid> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToArray();
        if (wanted.Length == 0) return new Dictionary<Guid, long>();
        var schema = session.DocumentStore.Options.Events.DatabaseSchemaName;
        // One text column ("<id>:<version>"): Marten reads user SQL scalars, not uuid tuples.
        var rows = await session.QueryAsync<string>(
            $"select id::text || ':' || version::text from {schema}.mt_streams where id = any(?)", ct, wanted);
        return rows.Select(r => r.Split(':')).ToDictionary(r => Guid.Parse(r[0]), r => long.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The current state and version of an aggregate, for reads that return an ETag.</summary>
    public static async Task<(T? State, long Version)> ReadAsync<T>(this IDocumentSession session, Guid id, CancellationToken ct)
        where T : class
    {
        var state = await session.Events.FetchLatest<T>(id, ct);
        if (state is null) return (null, 0);
        var stream = await session.Events.FetchStreamStateAsync(id, ct);
        return (state, stream?.Version ?? 0);
    }
}
