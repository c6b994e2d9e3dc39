using System.Globalization;

namespace Kechuang.Load.Infrastructure;

/// <summary>
/// The service processes of this checkout, found by their command line
/// (<c>&lt;repo&gt;/services/Applications/bin/Release/net10.0/Kechuang.Applications</c>, or the same
/// <c>.dll</c> under <c>dotnet</c>), and their peak resident memory (<c>VmHWM</c>).
/// </summary>
public static class ServiceProcesses
{
    /// <summary>
    /// Peak and current resident memory; the current split into anonymous (heaps) and file-backed
    /// (mapped code, much of it the .NET framework shared by all the services), and the proportional
    /// set size (shared pages divided among the processes that map them).
    /// </summary>
    public sealed record Memory(string Service, int Pid, long PeakKb, long CurrentKb, long AnonymousKb, long FileKb, long ProportionalKb);

    public static readonly IReadOnlyDictionary<string, string> Binaries = new Dictionary<string, string>
    {
        ["applications"] = "services/Applications/bin/",
        ["resources"] = "services/Resources/bin/",
        ["experts"] = "services/Experts/bin/",
        ["training"] = "services/Training/bin/",
        ["outreach"] = "services/Outreach/bin/",
        ["gateway"] = "gateway/Kechuang.Gateway/bin/",
        ["dashboard"] = "dashboard/Kechuang.Dashboard/bin/",
    };

    private static readonly Dictionary<string, string> Assemblies = new()
    {
        ["applications"] = "Kechuang.Applications",
        ["resources"] = "Kechuang.Resources",
        ["experts"] = "Kechuang.Experts",
        ["training"] = "Kechuang.Training",
        ["outreach"] = "Kechuang.Outreach",
        ["gateway"] = "Kechuang.Gateway",
        ["dashboard"] = "Kechuang.Dashboard",
    };

    /// <summary>The checkout this program was built from (the directory holding Kechuang.sln).</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Kechuang.sln"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }

    /// <summary>The process id of each service of the checkout at <paramref name="root"/> that runs now.</summary>
    public static IReadOnlyDictionary<string, List<int>> Find(string root)
    {
        var found = Binaries.Keys.ToDictionary(s => s, _ => new List<int>());
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            string[] argv;
            try
            {
                argv = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0', StringSplitOptions.RemoveEmptyEntries);
            }
            catch (IOException)
            {
                continue; // the process ended meanwhile
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }
            if (argv.Length == 0) continue;
            var program = Path.GetFileName(argv[0]) == "dotnet" && argv.Length > 1 ? argv[1] : argv[0];
            foreach (var (service, binary) in Binaries)
            {
                var name = Path.GetFileName(program);
                if (program.StartsWith(Path.Combine(root, binary), StringComparison.Ordinal)
                    && (name == Assemblies[service] || name == Assemblies[service] + ".dll"))
                    found[service].Add(pid);
            }
        }
        return found;
    }

    /// <summary>
    /// The replica a process is, as its connections name it (<c>BuildingBlocks/Messaging/ReplicaName</c>:
    /// host name and the <c>service.instance.id</c> Aspire gives each replica); none when it has no such id.
    /// </summary>
    public static string? Replica(int pid)
    {
        try
        {
            var attributes = File.ReadAllText($"/proc/{pid}/environ").Split('\0')
                .FirstOrDefault(v => v.StartsWith("OTEL_RESOURCE_ATTRIBUTES=", StringComparison.Ordinal));
            var instance = attributes?["OTEL_RESOURCE_ATTRIBUTES=".Length..].Split(',', StringSplitOptions.TrimEntries)
                .Select(a => a.Split('=', 2))
                .FirstOrDefault(kv => kv.Length == 2 && kv[0] == "service.instance.id" && kv[1].Length > 0)?[1];
            return instance is null ? null : $"{Environment.MachineName}-{instance}";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // ended meanwhile
        }
    }

    public static IReadOnlyList<Memory> Measure(string root)
    {
        var result = new List<Memory>();
        foreach (var (service, pids) in Find(root))
            foreach (var pid in pids)
                if (Status(pid) is { } status)
                    result.Add(new Memory(service, pid, status.PeakKb, status.CurrentKb, status.AnonymousKb, status.FileKb, status.ProportionalKb));
        return result;
    }

    private static (long PeakKb, long CurrentKb, long AnonymousKb, long FileKb, long ProportionalKb)? Status(int pid)
    {
        try
        {
            var values = File.ReadLines($"/proc/{pid}/status")
                .Where(l => l.StartsWith("Vm", StringComparison.Ordinal) || l.StartsWith("Rss", StringComparison.Ordinal))
                .ToDictionary(l => l[..l.IndexOf(':')], Kilobytes);
            var pss = File.ReadLines($"/proc/{pid}/smaps_rollup").FirstOrDefault(l => l.StartsWith("Pss:", StringComparison.Ordinal));
            return (values.GetValueOrDefault("VmHWM"), values.GetValueOrDefault("VmRSS"), values.GetValueOrDefault("RssAnon"),
                values.GetValueOrDefault("RssFile"), pss is null ? 0 : Kilobytes(pss));
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static long Kilobytes(string line) =>
        long.Parse(line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
