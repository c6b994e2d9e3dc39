using Kechuang.Load.Http;
using Kechuang.Load.Measure;
using Kechuang.Load.Reporting;
using Kechuang.Load.Workload;

namespace Kechuang.Load.Modes;

/// <summary>
/// What the gateway adds: each read of the mix is sent twice, once through the gateway and once
/// straight to the owning service (with the internal identity the gateway would have forwarded),
/// the order alternating, by a few clients at a time so that neither side queues. Per route and
/// overall: p50 and p99 of both, and the ratio of the p50s.
/// </summary>
public static class OverheadMode
{
    public static async Task RunAsync(Bench bench, HttpClient http, CancellationToken ct)
    {
        var o = bench.Options;
        if (bench.System.Identity is null || bench.System.Direct.Count == 0)
        {
            bench.Out.WriteLine("overhead mode needs each service's address and the internal signing key (start the system here, or pass --signing-key and --service name=url).");
            return;
        }
        var direct = new Client(http, new Http.DirectTarget(bench.System.Direct, bench.System.Identity));
        var reads = bench.Operations.Reads;
        var total = reads.Sum(r => r.Weight);
        var viaGateway = new Recorder();
        var straight = new Recorder();
        bench.Out.WriteLine();
        bench.Out.WriteLine($"== gateway overhead: {o.Duration.TotalSeconds:N0} s, {o.OverheadConcurrency} clients, each read through the gateway and direct, alternating (load average {Report.LoadAverage()})");

        async Task PairsAsync(TimeSpan duration, bool record)
        {
            using var stop = new CancellationTokenSource(duration);
            await Task.WhenAll(Enumerable.Range(0, o.OverheadConcurrency).Select(async worker =>
            {
                for (var i = worker; !stop.IsCancellationRequested; i++)
                {
                    var call = Weighted.Pick(reads, r => r.Weight, total).Next();
                    var (first, firstRecorder, second, secondRecorder) = i % 2 == 0
                        ? (bench.Gateway, viaGateway, direct, straight)
                        : (direct, straight, bench.Gateway, viaGateway);
                    await first.SendAsync(call, record ? firstRecorder : null, ct);
                    await second.SendAsync(call, record ? secondRecorder : null, ct);
                }
            }));
        }

        await PairsAsync(TimeSpan.FromSeconds(5), record: false); // warm both paths (connections, JIT, caches)
        viaGateway.Start();
        straight.Start();
        await PairsAsync(o.Duration, record: true);
        viaGateway.Stop();
        straight.Stop();

        var rows = new List<OverheadRow>();
        var directRoutes = straight.Routes().ToDictionary(r => r.Route);
        foreach (var g in viaGateway.Routes().Append(viaGateway.Total("all")))
        {
            var d = g.Route == "all" ? straight.Total("all") : directRoutes.GetValueOrDefault(g.Route);
            if (d is null) continue;
            rows.Add(new OverheadRow(g.Route, g.Requests, g.P50, g.P99, d.P50, d.P99, d.P50 > 0 ? Math.Round(g.P50 / d.P50, 2) : double.NaN));
        }
        var table = new Table("route", "pairs", "gateway p50", "gateway p99", "direct p50", "direct p99", "p50 ratio");
        foreach (var r in rows) table.Row(r.Route, r.Requests, r.GatewayP50, r.GatewayP99, r.DirectP50, r.DirectP99, r.P50Ratio.ToString("N2", System.Globalization.CultureInfo.InvariantCulture));
        table.WriteTo(bench.Out);
        var errors = viaGateway.Total("all").Errors + straight.Total("all").Errors;
        bench.Out.WriteLine($"errors: {errors} (gateway {viaGateway.Total("all").Errors}, direct {straight.Total("all").Errors}); load average {Report.LoadAverage()}");
        bench.Report.Overhead = rows;
        var all = rows[^1];
        bench.Target("gateway adds ≤ 15% to the direct p50", $"p50 {all.GatewayP50:N1} vs {all.DirectP50:N1} ms (+{(all.P50Ratio - 1) * 100:N0}%), p99 {all.GatewayP99:N1} vs {all.DirectP99:N1} ms",
            all.P50Ratio <= 1.15);
    }
}
