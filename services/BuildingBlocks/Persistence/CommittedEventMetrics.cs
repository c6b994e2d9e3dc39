using System.Diagnostics;
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
    /// <summary>Counts that threw (<c>event</c> tag): the write stands, that count is lost.</summary>
    public const string FailuresName = "kechuang.metrics.failures";

    private readonly Meter _meter;
    private readonly Counter<long> _failures;
    private readonly Dictionary<Type, List<Action<object>>> _counts = [];

    public CommittedEventMetrics(string meterName)
    {
        _meter = new Meter(meterName);
        _failures = _meter.CreateCounter<long>(FailuresName, "{count}",
            "Committed events whose business counts threw while counting: the write stands, those counts are lost.");
    }

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

    /// <summary>
    /// Counts what was committed. Nothing here may fail the write: it is committed, and an error
    /// would answer 500 to a caller whose change stands (and who might then send it again). A count
    /// that throws is counted on <see cref="FailuresName"/> and recorded on the current trace.
    /// </summary>
    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        foreach (var e in commit.GetEvents())
        {
            if (!_counts.TryGetValue(e.Data.GetType(), out var counts)) continue;
            foreach (var count in counts)
            {
                try
                {
                    count(e.Data);
                }
                catch (Exception ex)
                {
                    _failures.Add(1, new KeyValuePair<string, object?>("event", e.Data.GetType().Name));
                    Activity.Current?.AddException(ex);
                }
            }
        }
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
