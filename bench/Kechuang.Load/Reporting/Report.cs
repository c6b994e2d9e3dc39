using Kechuang.Load.Workload;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Kechuang.Load.Infrastructure;
using Kechuang.Load.Measure;

namespace Kechuang.Load.Reporting;

public sealed record PhaseReport(string Name, string Pacing, double Seconds, long Requests, double Rps, string LoadAverageAfter,
    IReadOnlyList<RouteStats> Routes, RouteStats Total, IReadOnlyDictionary<int, long> Statuses, long HarnessFailures,
    IReadOnlyDictionary<string, double> CpuCores)
{
    /// <summary>Paced phases: the rate offered and started, and how late operations started (not in the latencies).</summary>
    public Driver.Pacing? Paced { get; init; }

    /// <summary>What PostgreSQL ran during the phase (pg_stat_statements), where the harness started the system.</summary>
    public StatementCost? Statements { get; init; }

    /// <summary>Milliseconds of CPU each process spent per request answered (cores × 1,000 / rps).</summary>
    public IReadOnlyDictionary<string, double> CpuMsPerRequest => CpuCores.ToDictionary(c => c.Key, c => Rps > 0 ? Math.Round(c.Value * 1000 / Rps, 2) : 0);
}

public sealed record TargetResult(string Target, string Measured, bool Met, string LoadAverage);

public sealed record OverheadRow(string Route, long Requests, double GatewayP50, double GatewayP99, double DirectP50, double DirectP99, double P50Ratio);

/// <summary>Everything a run printed, written as JSON next to the table (<c>.kechuang/bench/&lt;timestamp&gt;-&lt;modes&gt;.json</c>).</summary>
public sealed class Report
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public required string Command { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required string Machine { get; init; }
    public required string LoadAverageAtStart { get; init; }
    public string? LoadAverageAtEnd { get; set; }
    public required string System { get; init; }
    public Dictionary<string, object> Seed { get; } = [];
    public List<PhaseReport> Phases { get; } = [];
    public IReadOnlyList<ConsumerLag>? Consumers { get; set; }
    public IReadOnlyList<ServiceProcesses.Memory>? Memory { get; set; }
    public List<OverheadRow>? Overhead { get; set; }
    public Dictionary<string, object>? Faults { get; set; }
    public Dictionary<string, object>? Scale { get; set; }
    public List<TargetResult> Targets { get; } = [];

    public string Write(string directory, string modes)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{StartedAt.ToLocalTime():yyyyMMdd-HHmmss}-{modes}.json");
        File.WriteAllText(path, JsonSerializer.Serialize(this, Options));
        return path;
    }

    public void PrintTargets(TextWriter output)
    {
        if (Targets.Count == 0) return;
        output.WriteLine();
        output.WriteLine("Targets (2-core machine shared with other work; load average at the time of each figure):");
        var table = new Table("target", "measured", "met", "load avg");
        foreach (var t in Targets) table.Row(t.Target, t.Measured, t.Met ? "yes" : "NO", t.LoadAverage);
        table.WriteTo(output);
    }

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    public static string DescribeMachine()
    {
        var memory = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]
            : "0";
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return $"{Environment.ProcessorCount} cores{(cpu is null ? "" : $" ({cpu})")}, " +
               $"{long.Parse(memory, CultureInfo.InvariantCulture) / 1024 / 1024} GiB, {Environment.OSVersion}, .NET {Environment.Version}";
    }
}
