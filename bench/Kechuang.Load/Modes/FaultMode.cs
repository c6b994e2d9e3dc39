using System.Diagnostics;
using Kechuang.Load.Infrastructure;
using Kechuang.Load.Measure;
using Kechuang.Load.Reporting;
using Kechuang.Load.Verification;
using Kechuang.Load.Workload;

namespace Kechuang.Load.Modes;

/// <summary>
/// While the full mix runs: RabbitMQ is killed (SIGKILL) and started again 20 s later, PostgreSQL is
/// restarted, and one service process is killed (SIGKILL) and started again. Afterwards: every
/// acknowledged write is still there, every consumer agrees with the source services' records
/// (compared before the load and after, so a system with history of its own can be checked too),
/// and no bad request was answered 5xx. PostgreSQL and RabbitMQ are left running whatever happens.
/// </summary>
public static class FaultMode
{
    private sealed record Fault(string Name, double StartedAt, double EndedAt, double ReadyAt, string? Error);

    public static async Task RunAsync(Bench bench, CancellationToken ct)
    {
        var o = bench.Options;
        var output = bench.Out;
        var shared = o.Faults.Contains("rabbitmq") || o.Faults.Contains("postgres");
        if (shared) await WaitForQuietMachineAsync(output, ct);

        output.WriteLine();
        output.WriteLine("== faults: consumers compared with their sources before the load");
        var baseline = await SettledAsync(bench, null, TimeSpan.FromSeconds(90), ct);
        PrintComparisons(output, baseline, null);

        var recorder = new Recorder();
        var driver = new Driver(bench.Operations.FullMix, bench.Operations.ReadMix);
        using var stopLoad = new CancellationTokenSource();
        var cpu = CpuUsage.Take(bench.Root);
        // Requests to a service that is down wait (up to the gateway's 30 s) for it to come back: allow
        // enough in flight that they do not hold up the rest of the mix.
        var load = driver.RunAsync(bench.Gateway, recorder, o.FaultRate, o.FaultConcurrency, TimeSpan.FromHours(1), ct, stopLoad.Token);
        var faults = new List<Fault>();
        var clock = Stopwatch.StartNew();
        output.WriteLine($"== faults: full mix paced at {o.FaultRate:N0} operations/s (load average {Report.LoadAverage()})");
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(10), ct);
            if (o.Faults.Contains("rabbitmq"))
            {
                await WaitForQuietMachineAsync(output, ct);
                faults.Add(await InjectAsync(bench, clock, "RabbitMQ killed (SIGKILL), started 20 s later", async () =>
                {
                    await Servers.KillRabbitMqAsync();
                    await Task.Delay(TimeSpan.FromSeconds(20), ct);
                    await Servers.StartRabbitMqAsync();
                }, ct));
                await Task.Delay(TimeSpan.FromSeconds(10), ct);
            }
            if (o.Faults.Contains("postgres"))
            {
                await WaitForQuietMachineAsync(output, ct);
                faults.Add(await InjectAsync(bench, clock, "PostgreSQL restarted", Servers.RestartPostgresAsync, ct));
                await Task.Delay(TimeSpan.FromSeconds(10), ct);
            }
            if (o.Faults.Contains("service"))
                faults.Add(await InjectAsync(bench, clock, $"{o.Kill} killed (SIGKILL) and started again", () => KillAndRestartAsync(bench, o.Kill, ct), ct));
            await Task.Delay(TimeSpan.FromSeconds(15), ct);
        }
        finally
        {
            await stopLoad.CancelAsync();
            await load;
            if (shared) output.WriteLine($"infrastructure after the faults: {await Servers.EnsureRunningAsync()}");
        }

        var phase = Bench.Summarise("faults", $"paced at {o.FaultRate:N0} operations/s", recorder, driver, CpuUsage.Take(bench.Root).Since(cpu));
        bench.PrintRoutes(phase);
        bench.Report.Phases.Add(phase);
        if (driver.Failures > 0) output.WriteLine($"harness: {driver.Failures} operations failed in the harness; the first: {driver.FirstFailure}");
        var timeline = recorder.Timeline();
        PrintTimeline(output, timeline, faults);

        output.WriteLine();
        output.WriteLine("== faults: checking (consumers settle, then every acknowledged write is read back)");
        var after = await SettledAsync(bench, baseline, TimeSpan.FromSeconds(180), ct);
        PrintComparisons(output, after, baseline);
        var writes = await WriteCheck.VerifyAsync(bench.Gateway, bench.World.Centres, bench.Ledger, ct);
        var bad = bench.Operations.BadRequestAnswers;
        // A client error must never be a 500 (a bug); 502-504 while its service is down say "unavailable", not "your fault".
        var badAnswered5xx = bad.Where(b => b.Key >= 500 && !Unavailable(b.Key)).Sum(b => b.Value);
        var badUnavailable = bad.Where(b => Unavailable(b.Key) || b.Key == Recorder.TransportError).Sum(b => b.Value);
        var serverErrors = recorder.Statuses.Where(s => s.Key == 500).Sum(s => s.Value);

        // Load held: it ran to the end, and in its last 10 s (after every fault) it was back to the
        // first 10 s's pace with (almost) nothing failing.
        var first = timeline.Take(10).ToList();
        var last = timeline.Skip(Math.Max(0, timeline.Count - 10)).ToList();
        double Rate(List<(long Ok, long Failed)> s) => s.Count == 0 ? 0 : s.Sum(x => x.Ok) / (double)s.Count;
        var failedAtEnd = last.Sum(s => s.Failed) / (double)Math.Max(1, last.Sum(s => s.Ok + s.Failed));
        var held = Rate(last) >= 0.5 * Rate(first) && failedAtEnd < 0.01;
        var survived = faults.All(f => f.Error is null && f.ReadyAt >= 0);
        var consistent = after.Zip(baseline).All(p => p.First.Consumer - p.First.Source == p.Second.Consumer - p.Second.Source);

        output.WriteLine();
        output.WriteLine($"load held:            {(held ? "yes" : "NO")} ({Rate(first):N0} ok/s in the first 10 s, {Rate(last):N0} ok/s and {failedAtEnd:P1} failed in the last 10 s)");
        output.WriteLine($"faults survived:      {faults.Count(f => f.Error is null && f.ReadyAt >= 0)} of {faults.Count}" +
                         string.Concat(faults.Select(f => $"\n  {f.Name}: at {f.StartedAt:N0} s, over at {f.EndedAt:N0} s, " +
                                                          (f.Error is not null ? $"FAILED: {f.Error}" : f.ReadyAt < 0 ? "system NOT ready again" : $"system ready again at {f.ReadyAt:N0} s"))));
        output.WriteLine($"writes acknowledged:  {writes.Acknowledged:N0} (on {writes.Records:N0} records: {string.Join(", ", writes.AcknowledgedByKind.Select(k => $"{k.Key} {k.Value:N0}"))})");
        output.WriteLine($"writes lost:          {writes.Lost}{string.Concat(writes.LostExamples.Select(l => "\n  " + l))}");
        output.WriteLine($"events exactly once:  {(consistent ? "yes" : "NO")} (every consumer agrees with its source as before the load)");
        output.WriteLine($"client errors → 500:  {badAnswered5xx} of {bad.Values.Sum()} bad requests ({string.Join(", ", bad.OrderBy(b => b.Key).Select(b => $"{b.Key}: {b.Value}"))}" +
                         $"{(badUnavailable > 0 ? $"; {badUnavailable} met a service that was down" : "")}); 500s on any request during the faults: {serverErrors}");

        bench.Report.Faults = new Dictionary<string, object>
        {
            ["faults"] = faults,
            ["loadHeld"] = held,
            ["faultsSurvived"] = survived,
            ["writesAcknowledged"] = writes.Acknowledged,
            ["writesLost"] = writes.Lost,
            ["lostExamples"] = writes.LostExamples,
            ["acknowledgedByKind"] = writes.AcknowledgedByKind,
            ["consumersBefore"] = baseline,
            ["consumersAfter"] = after,
            ["eventsExactlyOnce"] = consistent,
            ["badRequestAnswers"] = bad.OrderBy(b => b.Key).ToDictionary(b => b.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), b => b.Value),
            ["serverErrors500"] = serverErrors,
            ["timeline"] = timeline.Select(t => new[] { t.Ok, t.Failed }).ToList(),
        };
        bench.Target($"zero writes lost through the faults ({string.Join(", ", o.Faults)})",
            $"{writes.Lost} lost of {writes.Acknowledged:N0}; load held {(held ? "yes" : "no")}; events exactly once {(consistent ? "yes" : "no")}; bad requests → 500 {badAnswered5xx}",
            writes.Lost == 0 && survived && held && consistent && badAnswered5xx == 0);
    }

    /// <summary>
    /// The faults take down servers everyone here shares: never while someone's tests run (checked
    /// before the run and again before each of those faults; up to 20 min of waiting each time).
    /// </summary>
    private static async Task WaitForQuietMachineAsync(TextWriter output, CancellationToken ct)
    {
        for (var waited = Stopwatch.StartNew(); ; await Task.Delay(TimeSpan.FromSeconds(30), ct))
        {
            var tests = Servers.TestsRunning();
            if (tests.Count == 0) return;
            if (waited.Elapsed > TimeSpan.FromMinutes(20))
                throw new InvalidOperationException($"Tests have been running for 20 minutes; not taking PostgreSQL and RabbitMQ down under them:\n{string.Join('\n', tests)}");
            output.WriteLine($"waiting: tests are running on this machine ({tests.Count}: {tests[0]})");
        }
    }

    private static async Task<Fault> InjectAsync(Bench bench, Stopwatch clock, string name, Func<Task> fault, CancellationToken ct)
    {
        var started = clock.Elapsed.TotalSeconds;
        bench.Out.WriteLine($"  {started,5:N0} s  {name}");
        string? error = null;
        try
        {
            await fault();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            error = e.Message;
        }
        var ended = clock.Elapsed.TotalSeconds;
        double ready;
        try
        {
            await bench.System.WaitUntilReadyAsync(TimeSpan.FromSeconds(120), ct);
            ready = clock.Elapsed.TotalSeconds;
        }
        catch (TimeoutException)
        {
            ready = -1;
        }
        bench.Out.WriteLine($"  {ended,5:N0} s  {name}: over{(error is null ? "" : $" with an error: {error}")}; system ready {(ready < 0 ? "NOT within 120 s" : $"at {ready:N0} s")}");
        return new Fault(name, Math.Round(started, 1), Math.Round(ended, 1), Math.Round(ready, 1), error);
    }

    private static bool Unavailable(int status) => status is 502 or 503 or 504;

    private static async Task KillAndRestartAsync(Bench bench, string service, CancellationToken ct)
    {
        var pids = ServiceProcesses.Find(bench.Root)[service];
        if (pids.Count != 1) throw new InvalidOperationException($"Expected one {service} process of {bench.Root}, found {pids.Count}.");
        using (var process = Process.GetProcessById(pids[0])) process.Kill(); // SIGKILL: no shutdown, no draining
        await bench.System.StartServiceAsync(service, ct);
    }

    /// <summary>Compares until two readings in a row agree (consumers have caught up) or the time is up.</summary>
    internal static async Task<IReadOnlyList<Comparison>> SettledAsync(Bench bench, IReadOnlyList<Comparison>? baseline, TimeSpan timeout,
        CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var previous = await Consistency.CompareAsync(bench.Gateway, bench.World, ct);
        while (true)
        {
            await Task.Delay(TimeSpan.FromSeconds(3), ct);
            var now = await Consistency.CompareAsync(bench.Gateway, bench.World, ct);
            var stable = now.SequenceEqual(previous);
            var agrees = baseline is null || now.Zip(baseline).All(p => p.First.Consumer - p.First.Source == p.Second.Consumer - p.Second.Source);
            if ((stable && agrees) || clock.Elapsed > timeout) return now;
            previous = now;
        }
    }

    internal static void PrintComparisons(TextWriter output, IReadOnlyList<Comparison> now, IReadOnlyList<Comparison>? before)
    {
        var table = new Table("consumer state vs source records", "source", "consumer", "difference", before is null ? "" : "before the load");
        foreach (var (c, i) in now.Select((c, i) => (c, i)))
            table.Row(c.What, c.Source, c.Consumer, c.Consumer - c.Source, before is null ? "" : (before[i].Consumer - before[i].Source).ToString(System.Globalization.CultureInfo.InvariantCulture));
        table.WriteTo(output);
    }

    private static void PrintTimeline(TextWriter output, IReadOnlyList<(long Ok, long Failed)> timeline, IReadOnlyList<Fault> faults)
    {
        output.WriteLine();
        output.WriteLine("Timeline (per 5 s: requests answered as expected / failed; faults marked):");
        for (var start = 0; start < timeline.Count; start += 5)
        {
            var window = timeline.Skip(start).Take(5).ToList();
            var marks = faults.Where(f => f.StartedAt < start + 5 && Math.Max(f.EndedAt, f.ReadyAt) >= start).Select(f => f.Name);
            output.WriteLine($"  {start,4}-{start + 5,-4} s  ok {window.Sum(w => w.Ok),6:N0}  failed {window.Sum(w => w.Failed),5:N0}  {string.Join("; ", marks)}");
        }
    }
}
