using Kechuang.Load.Data;
using Kechuang.Load.Http;
using Kechuang.Load.Infrastructure;
using Kechuang.Load.Measure;
using Kechuang.Load.Reporting;
using Kechuang.Load.Seeding;
using Kechuang.Load.Verification;
using Kechuang.Load.Workload;

namespace Kechuang.Load.Modes;

/// <summary>A run: the system, the seeded world, the workload over it, and what gets printed and reported.</summary>
public sealed class Bench
{
    public required Options Options { get; init; }
    public required BenchSystem System { get; init; }
    public required Client Gateway { get; init; }
    public required World World { get; init; }
    public required Ledger Ledger { get; init; }
    public required Operations Operations { get; init; }
    public required Report Report { get; init; }
    public required string Root { get; init; }
    public TextWriter Out { get; init; } = Console.Out;

    /// <summary>Runs one phase of a mix, then prints and reports its table.</summary>
    public async Task<PhaseReport> PhaseAsync(string name, IReadOnlyList<WeightedOperation> mix, IReadOnlyList<WeightedOperation> fallback,
        double rate, int concurrency, TimeSpan duration, CancellationToken ct)
    {
        var pacing = rate > 0 ? $"paced at {rate:N0} operations/s, at most {concurrency} in flight" : $"{concurrency} clients as fast as they go";
        Out.WriteLine();
        Out.WriteLine($"== {name}: {duration.TotalSeconds:N0} s, {pacing} (load average {Report.LoadAverage()})");
        var recorder = new Recorder();
        var driver = new Driver(mix, fallback);
        var statements = await StatementsAsync(ct);
        var cpu = CpuUsage.Take(Root);
        await driver.RunAsync(Gateway, recorder, rate, concurrency, duration, ct);
        var phase = Summarise(name, pacing, recorder, driver, CpuUsage.Take(Root).Since(cpu));
        if (statements is not null && await StatementsAsync(ct) is { } after)
            phase = phase with { Statements = StatementCosts.Between(statements, after) };
        PrintRoutes(phase);
        PrintStatements(phase);
        if (driver.Failures > 0) Out.WriteLine($"harness: {driver.Failures} operations failed in the harness; the first: {driver.FirstFailure}");
        Report.Phases.Add(phase);
        return phase;
    }

    public static PhaseReport Summarise(string name, string pacing, Recorder recorder, Driver driver, IReadOnlyList<(string Name, double Cores)> cpu)
    {
        var total = recorder.Total("all");
        return new(name, pacing, Math.Round(recorder.Elapsed.TotalSeconds, 1), total.Requests, total.Rps,
            Report.LoadAverage(), recorder.Routes(), total, recorder.Statuses.OrderBy(s => s.Key).ToDictionary(), driver.Failures,
            cpu.ToDictionary(c => c.Name, c => c.Cores)) { Paced = driver.Paced };
    }

    public void PrintRoutes(PhaseReport phase)
    {
        var table = new Table("route", "requests", "errors", "429", "rps", "p50 ms", "p95 ms", "p99 ms");
        foreach (var r in phase.Routes.Append(phase.Total))
            table.Row(r.Route, r.Requests, r.Errors, r.TooMany, r.Rps, r.P50, r.P95, r.P99);
        table.WriteTo(Out);
        Out.WriteLine($"{phase.Requests:N0} requests in {phase.Seconds:N1} s; statuses {string.Join(", ", phase.Statuses.Select(s => $"{(s.Key == 0 ? "transport error" : s.Key)}: {s.Value:N0}"))}; " +
                      $"load average {phase.LoadAverageAfter}");
        if (phase.Paced is { } paced)
            Out.WriteLine($"operations offered {paced.OfferedPerSecond:N0}/s, started {paced.StartedPerSecond:N0}/s; started late (waiting for a slot, " +
                          $"not in the latencies above) p50 {paced.LateP50Ms:N0} ms, p99 {paced.LateP99Ms:N0} ms");
        Out.WriteLine($"CPU (cores of {Environment.ProcessorCount}): {string.Join(", ", phase.CpuCores.Select(c => $"{c.Key} {c.Value:N2}"))}");
        var perRequest = phase.CpuMsPerRequest;
        if (phase.Rps > 0)
            Out.WriteLine($"CPU per request answered (ms): {string.Join(", ", perRequest.Where(c => c.Key != "machine").Select(c => $"{c.Key} {c.Value:N2}"))}; " +
                          $"machine {perRequest.GetValueOrDefault("machine"):N2}");
    }

    private async Task<IReadOnlyDictionary<long, StatementCounters>?> StatementsAsync(CancellationToken ct) =>
        System.DatabasePrefix is { } prefix && Environment.GetEnvironmentVariable("ConnectionStrings__postgres") is { } server
            ? await StatementCosts.TakeAsync(server, prefix, ct)
            : null;

    private void PrintStatements(PhaseReport phase)
    {
        if (phase.Statements is not { } s || phase.Requests == 0) return;
        var requests = (double)phase.Requests;
        Out.WriteLine($"PostgreSQL per request (pg_stat_statements): {s.Calls / requests:N2} statements, {s.ExecMs / requests:N2} ms executing; the most time:");
        var table = new Table("calls/request", "ms/request", "mean ms", "rows/call", "statement");
        foreach (var t in s.Top)
            table.Row(Math.Round(t.Calls / requests, 2), Math.Round(t.ExecMs / requests, 3), Math.Round(t.ExecMs / t.Calls, 3),
                Math.Round((double)t.Rows / t.Calls, 1), Abbreviate(t.Query));
        table.WriteTo(Out);
    }

    private static string Abbreviate(string query)
    {
        var oneLine = string.Join(' ', query.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return oneLine.Length <= 110 ? oneLine : oneLine[..107] + "...";
    }

    public async Task<IReadOnlyList<ConsumerLag>> ConsumersAsync(DateTimeOffset since, CancellationToken ct) =>
        await ConsumerLags.ReadAsync(Gateway, World.Operator, since, ct);

    public void PrintConsumers(IReadOnlyList<ConsumerLag> consumers, string phase)
    {
        Out.WriteLine();
        Out.WriteLine($"Event lag per consumer over the messages it handled during the {phase} (commit → consumed; handling = the consumer's own work):");
        var table = new Table("service", "consumer", "handled then", "since start", "lag p50 ms", "lag p99 ms", "lag max ms", "handling p50", "handling p99");
        foreach (var c in consumers)
            table.Row(c.Service, c.Consumer, c.Sampled, c.Handled, c.LagP50Ms, c.LagP99Ms, c.LagMaxMs, c.HandlingP50Ms, c.HandlingP99Ms);
        table.WriteTo(Out);
    }

    public IReadOnlyList<ServiceProcesses.Memory> PrintMemory()
    {
        var memory = ServiceProcesses.Measure(Root);
        Out.WriteLine();
        if (memory.Count == 0)
        {
            Out.WriteLine($"Peak RSS: no service processes of {Root} found on this machine (a system elsewhere is not measured).");
            return memory;
        }
        Out.WriteLine("Memory of each service process (VmHWM = peak resident set since the process started):");
        var table = new Table("service", "pid", "peak RSS MB", "RSS now MB", "anonymous", "file-backed", "PSS now MB");
        foreach (var m in memory.OrderBy(m => m.Service, StringComparer.Ordinal))
            table.Row(m.Service, m.Pid, Math.Round(m.PeakKb / 1024.0, 1), Math.Round(m.CurrentKb / 1024.0, 1), Math.Round(m.AnonymousKb / 1024.0, 1),
                Math.Round(m.FileKb / 1024.0, 1), Math.Round(m.ProportionalKb / 1024.0, 1));
        table.WriteTo(Out);
        Report.Memory = memory;
        return memory;
    }

    public void Target(string target, string measured, bool met) =>
        Report.Targets.Add(new TargetResult(target, measured, met, Report.LoadAverage()));
}
