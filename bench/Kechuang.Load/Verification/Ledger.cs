using System.Collections.Concurrent;
using Kechuang.Load.Http;

namespace Kechuang.Load.Verification;

/// <summary>
/// A write the system acknowledged with a 2xx: the record it changed (its path, whose
/// <c>/history</c> lists the record's events with their versions), the version it answered
/// (<c>ETag</c>) and the event types that write appends.
/// </summary>
public sealed record AcknowledgedWrite(string Route, string Record, long? Version, IReadOnlyList<string> EventTypes);

/// <summary>Every acknowledged write of the load, to check afterwards that each is still there.</summary>
public sealed class Ledger
{
    private readonly ConcurrentQueue<AcknowledgedWrite> _writes = new();

    public IReadOnlyCollection<AcknowledgedWrite> Writes => _writes;

    public void Acknowledged(Reply reply, string route, string record, params string[] eventTypes)
    {
        if (reply.Ok) _writes.Enqueue(new AcknowledgedWrite(route, record, reply.Version, eventTypes));
    }
}
