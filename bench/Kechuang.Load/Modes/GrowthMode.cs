using System.Diagnostics;
using Kechuang.Load.Infrastructure;
using Kechuang.Load.Measure;
using Kechuang.Load.Reporting;
using Kechuang.Load.Seeding;
using Npgsql;

namespace Kechuang.Load.Modes;

/// <summary>
/// How cost grows with data: for each size (1× is the HTTP seed; larger sizes are appended
/// straight into the event stores), waits until the services have digested the new data, runs
/// the read mix closed loop and reads the sequential scans of large tables meanwhile; then the
/// table of routes × sizes and each route's p99 growth.
/// </summary>
public static class GrowthMode
{
    public const double GoalRatio = 1.5;

    /// <summary>How long the services may take to digest a size's new data before the run measures anyway (and says so).</summary>
    public static readonly TimeSpan DigestLimit = TimeSpan.FromMinutes(15);

    public static async Task RunAsync(Bench bench, SeedOptions seed, CancellationToken ct)
    {
        var o = bench.Options;
        var system = bench.System;
        var databases = BenchSystem.Services.Select(s => (s, system.Database(s))).ToList();
        await using var bulk = new BulkSeeder(system.Database, bench.World, seed, bench.Out);
        var bySize = new List<IReadOnlyList<RouteStats>>();
        foreach (var size in o.Sizes)
        {
            await bulk.GrowToAsync(size, ct);
            await WaitUntilQuietAsync(system, databases, bench.Out, ct);
            var (applications, resources, experts) = BulkSeeder.CountsAt(seed, size);
            // The statistics collector publishes a backend's counters within a second or so.
            await Task.Delay(TimeSpan.FromSeconds(2), ct);
            var before = await SequentialScans.TakeAsync(databases, ct);
            var phase = await bench.PhaseAsync($"read mix at {size}× ({applications:N0} applications, {resources:N0} resources, {experts:N0} experts)",
                bench.Operations.ReadMix, bench.Operations.ReadMix, 0, o.GrowthClients, o.Duration, ct);
            await Task.Delay(TimeSpan.FromSeconds(2), ct);
            PrintScans(bench.Out, SequentialScans.Between(before, await SequentialScans.TakeAsync(databases, ct)));
            bySize.Add([.. phase.Routes, phase.Total]);
        }
        PrintGrowth(bench, Growth.Table(bySize));
    }

    private static void PrintScans(TextWriter output, IReadOnlyList<TableCounters> scans)
    {
        output.WriteLine();
        if (scans.Count == 0)
        {
            output.WriteLine($"Sequential scans on tables over {SequentialScans.LargeTable:N0} rows during the run: none.");
            return;
        }
        output.WriteLine($"Sequential scans on tables over {SequentialScans.LargeTable:N0} rows during the run (pg_stat_user_tables, delta):");
        var table = new Table("database", "table", "rows", "seq scans", "rows read", "index scans");
        foreach (var t in scans) table.Row(t.Database, t.Table, t.Rows, t.SeqScans, t.SeqRowsRead, t.IndexScans);
        table.WriteTo(output);
    }

    private static void PrintGrowth(Bench bench, IReadOnlyList<GrowthRow> rows)
    {
        var sizes = bench.Options.Sizes;
        bench.Out.WriteLine();
        bench.Out.WriteLine($"How cost grows (read mix, {bench.Options.GrowthClients} clients closed loop, {bench.Options.Duration.TotalSeconds:N0} s a size; p50 / p99 ms):");
        var table = new Table(["route", .. sizes.Select(s => $"{s}×"), $"p99 {sizes[^1]}×/{sizes[0]}×"]);
        foreach (var row in rows)
            table.Row([row.Route, .. row.BySize.Select(r => r is null ? "-" : $"{Cell(r.P50)} / {Cell(r.P99)}"), row.P99Ratio?.ToString("N2") ?? "-"]);
        table.WriteTo(bench.Out);
        if (sizes.Count < 2) return;
        var worst = rows.Where(r => r.P99Ratio is not null && r.Route != "all").MaxBy(r => r.P99Ratio);
        bench.Target($"no read route's p99 grows more than {GoalRatio}× from {sizes[0]}× to {sizes[^1]}× data",
            worst is null ? "no route measured at both sizes" : $"worst {worst.P99Ratio:N2}× ({worst.Route})",
            worst is not null && worst.P99Ratio <= GoalRatio);
    }

    private static string Cell(double ms) => ms.ToString(ms >= 100 ? "N0" : "N1", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Until every service's daemon has caught up with its event store and no message waits in
    /// the vhost, twice in a row: what the new data set off (trainer pool, pushes to schools,
    /// coverage) has been built before the run measures.
    /// </summary>
    private static async Task WaitUntilQuietAsync(BenchSystem system, IReadOnlyList<(string Name, string Connection)> databases,
        TextWriter log, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var lastPrinted = TimeSpan.Zero;
        var quietFor = 0;
        while (quietFor < 2)
        {
            if (clock.Elapsed > DigestLimit)
            {
                log.WriteLine($"  the services had not caught up after {DigestLimit.TotalMinutes:N0} min: measuring anyway, while they still work");
                return;
            }
            var behind = new List<(string Service, long Events)>();
            foreach (var (name, connection) in databases) behind.Add((name, await EventsBehindAsync(name, connection, ct)));
            var queued = await system.QueuedMessagesAsync(ct);
            quietFor = queued == 0 && behind.All(b => b.Events == 0) ? quietFor + 1 : 0;
            if (quietFor == 0 && clock.Elapsed - lastPrinted >= TimeSpan.FromSeconds(10))
            {
                lastPrinted = clock.Elapsed;
                log.WriteLine($"  digesting ({clock.Elapsed.TotalSeconds:N0} s): events not yet processed by the daemons " +
                              $"{string.Join(", ", behind.Where(b => b.Events > 0).Select(b => $"{b.Service} {b.Events:N0}").DefaultIfEmpty("none"))}; " +
                              $"{queued:N0} messages queued");
            }
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }
        log.WriteLine($"  the services caught up in {clock.Elapsed.TotalSeconds:N0} s");
    }

    /// <summary>
    /// Events appended after the slowest of the service's daemon shards (its event bridge, async
    /// projections); Marten's own HighWater… rows are the daemon's bookkeeping, not shards.
    /// </summary>
    private static async Task<long> EventsBehindAsync(string schema, string connection, CancellationToken ct)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            $"""
             select coalesce(max(seq_id), 0)
                  - coalesce((select min(last_seq_id) from {schema}.mt_event_progression where name not like 'HighWater%'), max(seq_id), 0)
             from {schema}.mt_events
             """, db);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }
}
