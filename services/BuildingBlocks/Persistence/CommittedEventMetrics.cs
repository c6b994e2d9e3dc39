using Marten;
using Marten.Services;

namespace Kechuang.BuildingBlocks.Persistence;

/// <summary>
/// The one way a service counts its business metrics: from the events a session committed,
/// whichever path wrote them (an endpoint or a consumer), so a refused decision or a rolled-back
/// transaction counts nothing and no write path has to remember to count.
/// </summary>
public abstract class CommittedEventMetrics : DocumentSessionListenerBase
{
    public sealed override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        foreach (var e in commit.GetEvents()) Count(e.Data);
        return Task.CompletedTask;
    }

    /// <summary>Adds to the service's counters for one committed event (an event carries what it is counted by).</summary>
    protected abstract void Count(object data);

    /// <summary>A counter tag, spelled once.</summary>
    protected static KeyValuePair<string, object?> Tag(string name, object? value) => new(name, value);
}
