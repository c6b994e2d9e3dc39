using System.Diagnostics.Metrics;
using Marten;
using Marten.Services;

namespace Kechuang.BuildingBlocks.Persistence;

/// <summary>
/// The one way a service counts its business metrics: from the events a session committed,
/// whichever path wrote them (an endpoint or a consumer), so a refused decision or a rolled-back
/// transaction counts nothing and no write path has to remember to count. A service declares its
/// meter once, each counter with the events that add one to it and the tags each is counted by;
/// the meter, the instruments and the matching of events are here.
/// </summary>
public sealed class CommittedEventMetrics : DocumentSessionListenerBase
{
    private readonly Meter _meter;
    private readonly Dictionary<Type, List<Action<object>>> _counts = [];

    public CommittedEventMetrics(string meterName) => _meter = new Meter(meterName);

    /// <summary>A counter of the service's meter, and the committed events that each add one to it.</summary>
    public CommittedEventMetrics Counter(string name, string unit, string description, params EventCount[] events)
    {
        var counter = _meter.CreateCounter<long>(name, unit, description);
        foreach (var e in events)
        {
            if (!_counts.TryGetValue(e.Event, out var counts)) _counts[e.Event] = counts = [];
            counts.Add(data => counter.Add(1, e.Tags(data)));
        }
        return this;
    }

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        foreach (var e in commit.GetEvents())
            if (_counts.TryGetValue(e.Data.GetType(), out var counts))
                foreach (var count in counts) count(e.Data);
        return Task.CompletedTask;
    }
}

/// <summary>An event that adds one to a counter, with the tags it is counted by.</summary>
public sealed record EventCount(Type Event, Func<object, KeyValuePair<string, object?>[]> Tags)
{
    public static EventCount On<TEvent>() => new(typeof(TEvent), _ => []);

    public static EventCount On<TEvent>(Func<TEvent, KeyValuePair<string, object?>[]> tags) =>
        new(typeof(TEvent), data => tags((TEvent)data));
}
