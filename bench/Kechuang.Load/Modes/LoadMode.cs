using Kechuang.Load.Workload;

namespace Kechuang.Load.Modes;

/// <summary>
/// Phases through the gateway: the read mix as fast as a few clients go (capacity) and at the
/// target rate, the full mix (reads, writes, bad requests) with the consumers' event lag read
/// before and after, and a burst of application submissions; then each service's peak memory
/// and the targets.
/// </summary>
public static class LoadMode
{
    public static async Task RunAsync(Bench bench, CancellationToken ct)
    {
        var o = bench.Options;
        var ops = bench.Operations;
        if (o.CapacityClients > 0)
            await bench.PhaseAsync("read mix, capacity", ops.ReadMix, ops.ReadMix, 0, o.CapacityClients, o.Duration, ct);
        var read = await bench.PhaseAsync("read mix", ops.ReadMix, ops.ReadMix, o.ReadRate, o.Concurrency, o.Duration, ct);
        bench.Target("read mix ≥ 1,000 rps with p99 ≤ 50 ms", $"{read.Total.Rps:N0} rps, p99 {read.Total.P99:N1} ms, {read.Total.Errors} errors",
            read.Total.Rps >= 1000 && read.Total.P99 <= 50 && read.Total.Errors == 0);

        var fullStarted = DateTimeOffset.UtcNow;
        var full = await bench.PhaseAsync("full mix", ops.FullMix, ops.ReadMix, o.Rate, o.Concurrency, o.Duration, ct);
        await Task.Delay(TimeSpan.FromSeconds(2), ct); // what was committed last reaches its consumers
        var lag = await bench.ConsumersAsync(fullStarted, ct);
        bench.PrintConsumers(lag, "full mix");
        bench.Report.Consumers = lag;
        var worst = lag.Where(c => c.Sampled > 0).MaxBy(c => c.LagP99Ms);
        bench.Target("event lag p99 ≤ 1 s (full mix)", worst is null ? "no events consumed" : $"worst p99 {worst.LagP99Ms:N0} ms ({worst.Service}/{worst.Consumer}), {full.Total.Rps:N0} rps",
            worst is not null && worst.LagP99Ms <= 1000);

        var submissions = await bench.PhaseAsync("application submissions", [new WeightedOperation("submit", 1, ops.SubmitDraftAsync)], [],
            0, o.SubmitConcurrency, o.Duration, ct);
        var submitted = submissions.Total.Requests - submissions.Total.Errors - submissions.Total.TooMany;
        var perSecond = submitted / Math.Max(submissions.Seconds, 0.001);
        bench.Target("≥ 200 application submissions/s", $"{perSecond:N0}/s ({submitted:N0} in {submissions.Seconds:N1} s, p99 {submissions.Total.P99:N0} ms)",
            perSecond >= 200);

        var memory = bench.PrintMemory();
        if (memory.Count > 0)
        {
            // The five services and the gateway carry the load; the staff dashboard (when present) is idle here.
            var largest = memory.Where(m => m.Service != "dashboard").MaxBy(m => m.PeakKb)!;
            bench.Target("each service ≤ 250 MB RSS", $"largest peak {largest.PeakKb / 1024.0:N0} MB ({largest.Service})", largest.PeakKb <= 250 * 1024);
        }
        var bad = ops.BadRequestAnswers;
        bench.Out.WriteLine();
        bench.Out.WriteLine($"Bad requests answered: {string.Join(", ", bad.OrderBy(b => b.Key).Select(b => $"{b.Key}: {b.Value}"))}" +
                            (bad.Keys.Any(k => k is < 400 or >= 500) ? "  ← a client error was not answered 4xx" : " (all 4xx)"));
    }
}
