using System.Collections.Concurrent;

namespace Kechuang.BuildingBlocks.Messaging;

/// <summary>
/// Recent event lag and handling time per consumer (the last <see cref="Window"/> messages each,
/// or those of them handled since a given time), for the operator API and the load harness. The
/// same values go to the <c>kechuang.event.lag</c> and <c>kechuang.consumer.duration</c> histograms
/// over OTLP.
/// </summary>
public sealed class ConsumerLag
{
    public const int Window = 10_000;

    /// <summary><c>Handled</c> counts every message; the percentiles cover the last <c>Sampled</c> of them.</summary>
    public sealed record Summary(string Consumer, long Handled, double LagP50Ms, double LagP99Ms, double LagMaxMs, double HandlingP50Ms, double HandlingP99Ms,
        long Sampled);

    private sealed class Samples
    {
        public readonly double[] Lag = new double[Window];
        public readonly double[] Handling = new double[Window];
        public readonly long[] HandledAt = new long[Window];
        public long Count;
    }

    private readonly ConcurrentDictionary<string, Samples> _byConsumer = new();

    public void Record(string consumer, double lagMs, double handlingMs)
    {
        var samples = _byConsumer.GetOrAdd(consumer, _ => new Samples());
        lock (samples)
        {
            var slot = (int)(samples.Count % Window);
            samples.Lag[slot] = lagMs;
            samples.Handling[slot] = handlingMs;
            // Wall-clock time, as the lag itself: an operational measure, not domain time.
            samples.HandledAt[slot] = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
            samples.Count++;
        }
    }

    /// <summary>Each consumer's summary over its recent messages; with <paramref name="since"/>, over those handled at or after it.</summary>
    public IReadOnlyList<Summary> Summaries(DateTimeOffset? since = null)
    {
        var from = since?.ToUnixTimeMilliseconds() ?? long.MinValue;
        var result = new List<Summary>();
        foreach (var (consumer, samples) in _byConsumer.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            double[] lag, handling;
            long count;
            lock (samples)
            {
                count = samples.Count;
                var kept = Enumerable.Range(0, (int)Math.Min(count, Window)).Where(i => samples.HandledAt[i] >= from).ToArray();
                lag = kept.Select(i => samples.Lag[i]).ToArray();
                handling = kept.Select(i => samples.Handling[i]).ToArray();
            }
            Array.Sort(lag);
            Array.Sort(handling);
            result.Add(new Summary(consumer, count, Percentile(lag, 0.50), Percentile(lag, 0.99), lag.Length == 0 ? 0 : lag[^1],
                Percentile(handling, 0.50), Percentile(handling, 0.99), lag.Length));
        }
        return result;
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : Math.Round(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)], 1);
}
