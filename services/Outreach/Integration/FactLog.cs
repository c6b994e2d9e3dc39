using Kechuang.Contracts;
using Kechuang.Outreach.Domain;
using Marten;

namespace Kechuang.Outreach.Integration;

/// <summary>Appends a received fact to Outreach's event store, once per source record.</summary>
internal static class FactLog
{
    /// <summary>
    /// Starts the fact's stream unless it exists. Two deliveries of the same fact racing each other
    /// collide on the stream id; the loser's transaction rolls back, MassTransit retries it, and the
    /// retry finds the stream and records nothing.
    /// </summary>
    public static async Task RecordOnceAsync(IDocumentSession session, string source, Guid sourceId, object fact, CancellationToken ct)
    {
        var streamId = ReceivedFacts.StreamId(source, sourceId);
        if (await session.Events.FetchStreamStateAsync(streamId, ct) is not null) return;
        session.Events.StartStream(streamId, fact);
    }

    public static RuralSchool School(SchoolRef school) =>
        new(school.Name.Trim(), school.Province.Trim(), Places.Name(school.City), Places.Name(school.County));
}
