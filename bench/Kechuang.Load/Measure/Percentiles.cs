namespace Kechuang.Load.Measure;

/// <summary>Nearest-rank percentiles (p50 of 1..100 is 50, p99 is 99), as the services' own lag summaries compute them.</summary>
public static class Percentiles
{
    public static double Of(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0) return 0;
        var rank = (int)Math.Ceiling(p / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    public static (double P50, double P95, double P99) Summary(List<double> samples)
    {
        samples.Sort();
        return (Of(samples, 50), Of(samples, 95), Of(samples, 99));
    }
}
