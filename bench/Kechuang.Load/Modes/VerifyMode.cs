using Kechuang.Load.Verification;

namespace Kechuang.Load.Modes;

/// <summary>
/// The fault mode's checks without the faults: once the consumers have settled, each agrees with
/// its source service's records, and every write the earlier modes got a 2xx for is still there.
/// </summary>
public static class VerifyMode
{
    public static async Task RunAsync(Bench bench, CancellationToken ct)
    {
        var output = bench.Out;
        output.WriteLine();
        output.WriteLine("== verify: consumers compared with their sources, then every acknowledged write read back");
        var now = await FaultMode.SettledAsync(bench, null, TimeSpan.FromSeconds(120), ct);
        FaultMode.PrintComparisons(output, now, null);
        var writes = await WriteCheck.VerifyAsync(bench.Gateway, bench.World.Centres, bench.Ledger, ct);
        output.WriteLine($"writes acknowledged:  {writes.Acknowledged:N0} (on {writes.Records:N0} records)");
        output.WriteLine($"writes lost:          {writes.Lost}{string.Concat(writes.LostExamples.Select(l => "\n  " + l))}");
        bench.Target("consumers agree with their sources; no acknowledged write lost",
            $"{now.Count(c => !c.Matches)} of {now.Count} comparisons differ; {writes.Lost} of {writes.Acknowledged:N0} writes lost",
            now.All(c => c.Matches) && writes.Lost == 0);
    }
}
