using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Kechuang.TestKit;

/// <summary>
/// The measurements of one meter caused by this test's own work, and nothing else the process
/// does meanwhile: the test runs in a trace of its own (started here, ended at dispose), its
/// requests carry that trace as a real HTTP client would (<see cref="ServiceFactory{TEntryPoint}.ClientFor"/>),
/// and its messages as MassTransit does; a measurement counts only when it is made in that trace.
/// Other tests in the process, feeding the same static instruments in parallel, are not counted.
/// </summary>
public sealed class OwnMeasurements : IDisposable
{
    private readonly Activity _trace;
    private readonly ActivityListener _spans;
    private readonly MeterListener _meters = new();
    private readonly ConcurrentQueue<(string Instrument, long Value, Dictionary<string, object?> Tags)> _seen = new();

    public OwnMeasurements(string meterName)
    {
        _trace = new Activity($"test measuring {meterName}").SetIdFormat(ActivityIdFormat.W3C);
        _trace.ActivityTraceFlags = ActivityTraceFlags.Recorded;
        var traceId = ActivityTraceId.CreateRandom();
        _trace.SetParentId(traceId, ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        _trace.Start();

        // The hosts create their request and consume spans only when someone listens.
        _spans = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Microsoft.AspNetCore" or "MassTransit",
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
                options.TraceId == traceId ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.None,
        };
        ActivitySource.AddActivityListener(_spans);

        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == meterName) listener.EnableMeasurementEvents(instrument);
        };
        _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (Activity.Current?.TraceId != traceId) return;
            var copy = new Dictionary<string, object?>();
            foreach (var tag in tags) copy[tag.Key] = tag.Value;
            _seen.Enqueue((instrument.Name, value, copy));
        });
        _meters.Start();
    }

    /// <summary>The sum this test's work added to <paramref name="instrument"/>.</summary>
    public long Of(string instrument) => _seen.Where(m => m.Instrument == instrument).Sum(m => m.Value);

    /// <summary>The sum this test's work added to <paramref name="instrument"/> with <paramref name="tag"/> = <paramref name="value"/>.</summary>
    public long Of(string instrument, string tag, object value) =>
        _seen.Where(m => m.Instrument == instrument && Equals(m.Tags.GetValueOrDefault(tag), value)).Sum(m => m.Value);

    public void Dispose()
    {
        _meters.Dispose();
        _spans.Dispose();
        _trace.Stop();
    }
}
