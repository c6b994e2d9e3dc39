using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Kechuang.BuildingBlocks.Messaging;
using Kechuang.Load.Http;
using Kechuang.Load.Infrastructure;
using Kechuang.Load.Measure;
using Kechuang.Load.Reporting;
using Kechuang.Load.Verification;
using Kechuang.Load.Workload;

namespace Kechuang.Load.Modes;

/// <summary>
/// <c>./kechuang bench scale</c>: the full mix on one replica of everything, then on N. On N, after
/// the capacity phase, the full mix runs paced while one replica of each service — the one leading
/// its daemon — and then one gateway are killed (SIGKILL), ten seconds apart, and not started
/// again: per kill, how long until the survivor holds every daemon shard, until an event committed
/// after the kill is published, and until requests stop failing; afterwards the fault mode's checks
/// (no acknowledged write lost, every consumer agrees with its sources as before the load).
/// </summary>
public static class ScaleMode
{
    public sealed record Capacity(int Replicas, PhaseReport Phase, long PeakRssKb);

    /// <summary>One replica killed: when (seconds into the phase), and how long until each kind of recovery (null: not within the wait).</summary>
    public sealed record Kill(string Target, string Replica, int Pid, double At, double? DaemonTakenOverAfter, double? EventsFlowingAfter,
        double? RequestsRecoveredAfter, long FailedRequests, string? Error);

    private sealed record Shard(string Name, long Sequence, string? RunningOn);

    private sealed record Bridge(long LastEventSequence, long? BridgePosition, List<Shard> Shards, string? Leader, string AnsweredBy);

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private static readonly TimeSpan Between = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan TakeoverWait = TimeSpan.FromSeconds(30);

    public static async Task<Capacity> RunAsync(Bench bench, int replicas, CancellationToken ct)
    {
        var o = bench.Options;
        var label = replicas == 1 ? "1 replica" : $"{replicas} replicas";
        var capacity = await bench.PhaseAsync($"full mix, {label}", bench.Operations.FullMix, bench.Operations.ReadMix, o.Rate, o.Concurrency,
            o.Duration, ct);
        var memory = ServiceProcesses.Measure(bench.Root);
        var result = new Capacity(replicas, capacity, memory.Sum(m => m.PeakKb));
        if (replicas > 1) await FailoverAsync(bench, label, ct);
        return result;
    }

    private static async Task FailoverAsync(Bench bench, string label, CancellationToken ct)
    {
        var o = bench.Options;
        var output = bench.Out;
        output.WriteLine();
        output.WriteLine($"== scale: consumers compared with their sources before the kills ({label})");
        var baseline = await FaultMode.SettledAsync(bench, null, TimeSpan.FromSeconds(90), ct);
        FaultMode.PrintComparisons(output, baseline, null);

        var recorder = new Recorder();
        var driver = new Driver(bench.Operations.FullMix, bench.Operations.ReadMix);
        using var stopLoad = new CancellationTokenSource();
        var cpu = CpuUsage.Take(bench.Root);
        var load = driver.RunAsync(bench.Gateway, recorder, o.FaultRate, o.FaultConcurrency, TimeSpan.FromHours(1), ct, stopLoad.Token);
        var clock = Stopwatch.StartNew();
        var kills = new List<Kill>();
        output.WriteLine($"== scale: full mix paced at {o.FaultRate:N0} operations/s; one replica of each service (its daemon's leader), " +
                         $"then one gateway, killed (SIGKILL) {Between.TotalSeconds:N0} s apart (load average {Report.LoadAverage()})");
        try
        {
            await Task.Delay(Between, ct);
            foreach (var service in BenchSystem.Services)
            {
                var next = clock.Elapsed + Between;
                kills.Add(await KillLeaderAsync(bench, service, clock, ct));
                if (next > clock.Elapsed) await Task.Delay(next - clock.Elapsed, ct);
            }
            kills.Add(KillOne(bench, "gateway", clock));
            await Task.Delay(TimeSpan.FromSeconds(15), ct);
        }
        finally
        {
            await stopLoad.CancelAsync();
            await load;
        }

        var timeline = recorder.Timeline();
        kills = kills.Select((k, i) => Recovered(k, timeline, i + 1 < kills.Count ? kills[i + 1].At : timeline.Count)).ToList();
        var phase = Bench.Summarise($"full mix, {label}, replicas killed", $"paced at {o.FaultRate:N0} operations/s", recorder, driver,
            CpuUsage.Take(bench.Root).Since(cpu)); // a killed replica's CPU leaves its service's sum: the machine's total counts
        bench.PrintRoutes(phase);
        bench.Report.Phases.Add(phase);
        if (driver.Failures > 0) output.WriteLine($"harness: {driver.Failures} operations failed in the harness; the first: {driver.FirstFailure}");
        PrintKills(output, kills);

        output.WriteLine();
        output.WriteLine("== scale: checking (consumers settle on the surviving replicas, then every acknowledged write is read back)");
        var after = await FaultMode.SettledAsync(bench, baseline, TimeSpan.FromSeconds(180), ct);
        FaultMode.PrintComparisons(output, after, baseline);
        var writes = await WriteCheck.VerifyAsync(bench.Gateway, bench.World.Centres, bench.Ledger, ct);
        var consistent = after.Zip(baseline).All(p => p.First.Consumer - p.First.Source == p.Second.Consumer - p.Second.Source);
        var bad = bench.Operations.BadRequestAnswers;
        var badAnswered500 = bad.Where(b => b.Key == 500).Sum(b => b.Value);
        output.WriteLine($"writes acknowledged:  {writes.Acknowledged:N0} (on {writes.Records:N0} records)");
        output.WriteLine($"writes lost:          {writes.Lost}{string.Concat(writes.LostExamples.Select(l => "\n  " + l))}");
        output.WriteLine($"events exactly once:  {(consistent ? "yes" : "NO")} (every consumer agrees with its source as before the load)");
        output.WriteLine($"client errors → 500:  {badAnswered500} of {bad.Values.Sum()} bad requests; 500s on any request: {recorder.Statuses.GetValueOrDefault(500)}");

        bench.Report.Scale = new Dictionary<string, object>
        {
            ["kills"] = kills,
            ["writesAcknowledged"] = writes.Acknowledged,
            ["writesLost"] = writes.Lost,
            ["eventsExactlyOnce"] = consistent,
            ["consumersBefore"] = baseline,
            ["consumersAfter"] = after,
            ["timeline"] = timeline.Select(t => new[] { t.Ok, t.Failed }).ToList(),
        };
        var services = kills.Where(k => k.Target != "gateway").ToList();
        var slowest = services.Where(k => k.EventsFlowingAfter is not null).MaxBy(k => k.EventsFlowingAfter);
        bench.Target("a killed leader's daemon taken over, events flowing again within 10 s (each service)",
            $"{services.Count(k => k.EventsFlowingAfter <= 10)} of {services.Count}" +
            (slowest is null ? "" : $"; slowest {slowest.Target} {slowest.EventsFlowingAfter:N1} s"),
            services.Count == BenchSystem.Services.Length && services.All(k => k.Error is null && k.EventsFlowingAfter <= 10));
        bench.Target("replicas killed: no acknowledged write lost, consumers equal their sources",
            $"{writes.Lost} lost of {writes.Acknowledged:N0}; events exactly once {(consistent ? "yes" : "no")}; bad requests → 500 {badAnswered500}",
            writes.Lost == 0 && consistent && badAnswered500 == 0 && kills.All(k => k.Error is null));
    }

    /// <summary>Kills the replica leading <paramref name="service"/>'s daemon and waits until a survivor has taken over and published.</summary>
    private static async Task<Kill> KillLeaderAsync(Bench bench, string service, Stopwatch clock, CancellationToken ct)
    {
        Bridge before;
        try
        {
            before = await BridgeAsync(bench, service, ct);
        }
        catch (InvalidOperationException e)
        {
            return Failed(service, clock, e.Message);
        }
        var leader = before.Leader ?? before.Shards.FirstOrDefault(s => s.Name.StartsWith(EventBridge.SubscriptionName, StringComparison.Ordinal))?.RunningOn
            ?? before.Shards.FirstOrDefault(s => s.RunningOn is not null)?.RunningOn;
        var pids = ServiceProcesses.Find(bench.Root)[service].Where(bench.System.Owns).ToList();
        if (leader is null) return Failed(service, clock, "no replica runs the daemon");
        if (pids.Count < 2) return Failed(service, clock, $"{pids.Count} replica(s) running: not killing the last one");
        var pid = pids.FirstOrDefault(p => ServiceProcesses.Replica(p) is { } replica && replica.StartsWith(leader, StringComparison.Ordinal));
        if (pid == 0) return Failed(service, clock, $"no process of {service} is the leader {leader}");
        if (!TryKill(pid)) return Failed(service, clock, $"the leader {leader} (pid {pid}) had already exited");
        var at = clock.Elapsed.TotalSeconds;
        bench.Out.WriteLine($"  {at,5:N0} s  {service}: killed its daemon's leader {leader} (pid {pid})");
        // Events flow again when a shard a survivor runs passes every event committed by the first
        // answer after the kill (what the killed leader may have processed is at most that).
        double? takenOver = null, flowing = null;
        long? committedAtKill = null;
        for (var waited = Stopwatch.StartNew(); waited.Elapsed < TakeoverWait && (takenOver is null || flowing is null);
             await Task.Delay(TimeSpan.FromMilliseconds(250), ct))
        {
            Bridge now;
            try
            {
                now = await BridgeAsync(bench, service, ct);
            }
            catch (InvalidOperationException)
            {
                continue; // the killed replica's connection, answered 502 until the proxy gives up on it
            }
            committedAtKill ??= now.LastEventSequence;
            var since = clock.Elapsed.TotalSeconds - at;
            var survivors = now.Shards.Where(s => s.RunningOn is { } r && r != leader).ToList();
            if (takenOver is null && now.Shards.Count > 0 && survivors.Count == now.Shards.Count) takenOver = since;
            if (flowing is null && survivors.Any(s => s.Sequence > committedAtKill)) flowing = since;
        }
        bench.Out.WriteLine($"  {clock.Elapsed.TotalSeconds,5:N0} s  {service}: daemon on a survivor after {Seconds(takenOver)}, " +
                            $"an event committed after the kill processed after {Seconds(flowing)}");
        return new Kill(service, leader, pid, Math.Round(at, 1), Round(takenOver), Round(flowing), null, 0, null);
    }

    private static Kill KillOne(Bench bench, string target, Stopwatch clock)
    {
        var pids = ServiceProcesses.Find(bench.Root)[target].Where(bench.System.Owns).ToList();
        if (pids.Count < 2) return Failed(target, clock, $"{pids.Count} replica(s) running: not killing the last one");
        var pid = pids[0];
        var replica = ServiceProcesses.Replica(pid) ?? pid.ToString(CultureInfo.InvariantCulture);
        if (!TryKill(pid)) return Failed(target, clock, $"{replica} (pid {pid}) had already exited");
        var at = clock.Elapsed.TotalSeconds;
        bench.Out.WriteLine($"  {at,5:N0} s  {target}: killed {replica} (pid {pid})");
        return new Kill(target, replica, pid, Math.Round(at, 1), null, null, null, 0, null);
    }

    /// <summary>SIGKILL: no shutdown, no draining. False when the process had already gone.</summary>
    private static bool TryKill(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
            return true;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    private static Kill Failed(string target, Stopwatch clock, string error)
    {
        var at = clock.Elapsed.TotalSeconds;
        return new Kill(target, "", 0, Math.Round(at, 1), null, null, null, 0, error);
    }

    /// <summary>Requests that failed from the kill until the next one, and when the last of them was (the second after it).</summary>
    internal static Kill Recovered(Kill kill, IReadOnlyList<(long Ok, long Failed)> timeline, double until)
    {
        if (kill.Error is not null) return kill;
        var first = (int)Math.Floor(kill.At);
        // Up to the second the next kill falls in, which is that kill's.
        var seconds = Enumerable.Range(first, Math.Max(0, Math.Min(timeline.Count, (int)Math.Floor(until)) - first)).ToList();
        var failed = seconds.Sum(s => timeline[s].Failed);
        var last = seconds.LastOrDefault(s => timeline[s].Failed > 0, -1);
        return kill with { FailedRequests = failed, RequestsRecoveredAfter = last < 0 ? 0 : Math.Round(last + 1 - kill.At, 1) };
    }

    private static async Task<Bridge> BridgeAsync(Bench bench, string service, CancellationToken ct)
    {
        var reply = await bench.Gateway.SendUntilAnsweredAsync(Call.Get($"/api/v1/ops/{service}/bridge", bench.World.Operator), ct, attempts: 3);
        return reply.Json.Deserialize<Bridge>(Web) ?? throw new InvalidOperationException($"{service}: empty bridge answer");
    }

    private static void PrintKills(TextWriter output, IReadOnlyList<Kill> kills)
    {
        output.WriteLine();
        output.WriteLine("Replicas killed (SIGKILL, not started again); seconds after each kill:");
        var table = new Table("killed", "replica", "at s", "daemon taken over", "events flowing", "failed requests", "last failure");
        foreach (var k in kills)
            table.Row(k.Target, k.Error ?? k.Replica, k.At, k.Target == "gateway" ? "-" : Seconds(k.DaemonTakenOverAfter),
                k.Target == "gateway" ? "-" : Seconds(k.EventsFlowingAfter), k.FailedRequests,
                Seconds(k.RequestsRecoveredAfter));
        table.WriteTo(output);
    }

    /// <summary>The capacity phases of each system, side by side.</summary>
    public static void Compare(IReadOnlyList<Capacity> runs, Report report, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"Full mix offered {runs[0].Phase.Paced?.OfferedPerSecond ?? 0:N0} ops/s, one replica of everything vs more, same machine:");
        var table = new Table(["", .. runs.Select(r => r.Replicas == 1 ? "1 replica" : $"{r.Replicas} replicas")]);
        table.Row(["operations started/s", .. runs.Select(r => (object)Math.Round(r.Phase.Paced?.StartedPerSecond ?? r.Phase.Rps))]);
        table.Row(["requests/s answered", .. runs.Select(r => (object)Math.Round(r.Phase.Rps))]);
        table.Row(["errors", .. runs.Select(r => (object)r.Phase.Total.Errors)]);
        table.Row(["p50 ms", .. runs.Select(r => (object)r.Phase.Total.P50)]);
        table.Row(["p99 ms", .. runs.Select(r => (object)r.Phase.Total.P99)]);
        table.Row(["CPU cores busy (machine)", .. runs.Select(r => (object)r.Phase.CpuCores.GetValueOrDefault("machine"))]);
        table.Row(["peak RSS, all processes MB", .. runs.Select(r => (object)Math.Round(r.PeakRssKb / 1024.0))]);
        table.WriteTo(output);
        report.Scale ??= [];
        report.Scale["capacity"] = runs.Select(r => new { r.Replicas, r.Phase.Rps, r.Phase.Paced, r.Phase.Total, PeakRssMb = Math.Round(r.PeakRssKb / 1024.0) }).ToList();
    }

    private static string Seconds(double? s) => s is { } v ? $"{v:N1} s" : "not within 30 s";

    private static double? Round(double? s) => s is { } v ? Math.Round(v, 1) : null;
}
