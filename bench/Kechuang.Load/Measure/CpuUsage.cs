using System.Globalization;
using Kechuang.Load.Infrastructure;

namespace Kechuang.Load.Measure;

/// <summary>
/// Where the machine's CPU went during a phase, in cores: each service process of this checkout,
/// PostgreSQL and RabbitMQ (all their processes: they serve everyone on the machine), this harness,
/// and everything together (<c>/proc/stat</c>). Ticks are <c>utime + stime</c> from <c>/proc/&lt;pid&gt;/stat</c>.
/// </summary>
public sealed class CpuUsage
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    private readonly Dictionary<string, long> _ticks;
    private readonly long _machineBusy;
    private readonly DateTimeOffset _at = DateTimeOffset.UtcNow;

    private CpuUsage(Dictionary<string, long> ticks, long machineBusy)
    {
        _ticks = ticks;
        _machineBusy = machineBusy;
    }

    public static CpuUsage Take(string root)
    {
        var ticks = new Dictionary<string, long>();
        void Add(string name, long value) => ticks[name] = ticks.GetValueOrDefault(name) + value;
        foreach (var (service, pids) in ServiceProcesses.Find(root))
            foreach (var pid in pids)
                Add(service, Ticks(pid));
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            var comm = Comm(pid);
            if (comm == "postgres") Add("postgresql", Ticks(pid));
            else if (comm == "beam.smp") Add("rabbitmq", Ticks(pid));
        }
        Add("harness", Ticks(Environment.ProcessId));
        return new CpuUsage(ticks, MachineBusyTicks());
    }

    /// <summary>Cores used by each since <paramref name="before"/>, busiest first, then everything else on the machine, and the machine.</summary>
    public IReadOnlyList<(string Name, double Cores)> Since(CpuUsage before)
    {
        var seconds = Math.Max(0.001, (_at - before._at).TotalSeconds);
        var result = _ticks
            .Select(t => (t.Key, Cores: Math.Round((t.Value - before._ticks.GetValueOrDefault(t.Key)) / TicksPerSecond / seconds, 2)))
            .Where(t => t.Cores >= 0)
            .OrderByDescending(t => t.Cores)
            .ToList();
        var machine = Math.Round((_machineBusy - before._machineBusy) / TicksPerSecond / seconds, 2);
        result.Add(("everything else", Math.Max(0, Math.Round(machine - result.Sum(r => r.Cores), 2))));
        result.Add(("machine", machine));
        return result;
    }

    private static long Ticks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static string? Comm(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static long MachineBusyTicks()
    {
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        return cpu.Sum() - cpu[3] - cpu[4]; // all but idle and iowait
    }
}
