using System.Globalization;

namespace Kechuang.Load;

/// <summary>The command line of <c>./kechuang bench</c>.</summary>
public sealed record Options
{
    public const string Usage = """
        usage: ./kechuang bench [load] [overhead] [faults] [verify] [growth] [options]
               ./kechuang bench scale [--replicas N] [options]

          load        (default) read mix, full mix, submission burst through the gateway: per route
                      requests, errors, rps, p50/p95/p99; event lag per consumer; peak RSS per service
          overhead    the read mix through the gateway and straight to each service, alternating
          faults      the full mix while RabbitMQ is killed for 20 s, PostgreSQL restarts and a
                      service is killed; then writes lost, consumers vs sources, 5xx for bad input
                      (stops the machine's shared PostgreSQL and RabbitMQ: waits while tests run)
          verify      the fault mode's checks without faults, after the other modes
          scale       (on its own) the full mix on 1 replica of everything, then on N (--replicas, default
                      2) with one replica of each service (its daemon's leader) and one gateway killed
                      (SIGKILL) mid-run: failover times, writes lost, consumers vs sources, 1 vs N side by side
          growth      the read mix at each data size of --sizes (larger sizes appended straight into the
                      event stores): per route p50/p99 by size, p99 growth, sequential scans of large tables

        system (default: the whole AppHost started here, on databases and a vhost of its own)
          --url URL              use a running system's gateway instead (e.g. http://localhost:5080)
          --admin-key KEY        its bootstrap admin key (default kechuang-dev-admin-key)
          --signing-key KEY      its internal signing key and --service name=url (overhead mode)
          --replicas N           replicas of each service, the gateway and the dashboard (1 to 4; default 1,
                                 for scale 2)
          --sampling R           share of requests whose traces the services export (the system started
                                 here; Kechuang__Telemetry__SamplingRatio, default 1: every request)
        load
          --duration S           seconds per phase (default 30)
          --capacity-clients N   read phase as fast as N clients go, before the paced one (default 16; 0 = skip)
          --read-rate N          read phase, operations/s (default 1000; 0 = as fast as --concurrency goes)
          --rate N               full-mix phase, operations/s (default 1000; 0 = closed loop)
          --concurrency N        operations in flight at most (default 256)
          --submit-concurrency N clients submitting applications (default 32)
          --overhead-concurrency N  clients in overhead mode (default 8)
          --fault-rate N         full mix during the faults, operations/s (default 200)
          --fault-concurrency N  operations in flight at most during the faults (default 2000)
          --kill SERVICE         the service killed in fault mode (default training)
          --faults LIST          which faults, of rabbitmq,postgres,service (default all three; only
                                 "service" leaves the shared servers alone)
        growth
          --sizes LIST           multiples of the seed, ascending, from 1 (default 1,10,100)
          --growth-clients N     clients of the closed loop at each size (default 16)
        seed
          --applications N       applications across the 31 provinces (default 1200)
          --drafts N             sealed drafts for the submission phase (default 1500)
          --experts N --resources N --courses N --completions N --visits N
          --quick                a small seed and 10 s phases (a smoke run)
          --out DIR              where the JSON goes (default .kechuang/bench)
        """;

    public HashSet<string> Modes { get; init; } = [];
    public Uri? Url { get; init; }
    public string AdminKey { get; init; } = "kechuang-dev-admin-key";
    public string? SigningKey { get; init; }
    public Dictionary<string, Uri> Services { get; init; } = [];
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);
    public double ReadRate { get; init; } = 1000;
    public double Rate { get; init; } = 1000;
    public int Concurrency { get; init; } = 256;
    public int CapacityClients { get; init; } = 16;
    public int SubmitConcurrency { get; init; } = 32;
    public int OverheadConcurrency { get; init; } = 8;
    public double FaultRate { get; init; } = 200;
    public int FaultConcurrency { get; init; } = 2000;
    public string Kill { get; init; } = "training";

    /// <summary>Replicas of everything in the system started here (scale: the N compared with 1).</summary>
    public int? Replicas { get; init; }

    /// <summary>Kechuang:Telemetry:SamplingRatio of the system started here; null leaves the services' default (1).</summary>
    public double? Sampling { get; init; }
    public IReadOnlyList<string> Faults { get; init; } = ["rabbitmq", "postgres", "service"];
    public int Applications { get; init; } = 1200;
    public int Drafts { get; init; } = 1500;
    public int Experts { get; init; } = 240;
    public int Resources { get; init; } = 300;
    public int Courses { get; init; } = 62;
    public int Completions { get; init; } = 300;
    public int Visits { get; init; } = 200;
    public string Out { get; init; } = ".kechuang/bench";
    public IReadOnlyList<int> Sizes { get; init; } = [1, 10, 100];
    public int GrowthClients { get; init; } = 16;

    public static Options Parse(string[] args)
    {
        var options = new Options();
        var modes = new HashSet<string>();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int Int() => int.Parse(Value(), CultureInfo.InvariantCulture);
            double Double() => double.Parse(Value(), CultureInfo.InvariantCulture);
            options = args[i] switch
            {
                "load" or "overhead" or "faults" or "verify" or "growth" or "scale" => options with { Modes = [.. modes.Append(args[i])] },
                "--url" => options with { Url = new Uri(Value()) },
                "--admin-key" => options with { AdminKey = Value() },
                "--signing-key" => options with { SigningKey = Value() },
                "--service" => options.WithService(Value()),
                "--duration" => options with { Duration = TimeSpan.FromSeconds(Double()) },
                "--read-rate" => options with { ReadRate = Double() },
                "--rate" => options with { Rate = Double() },
                "--concurrency" => options with { Concurrency = Int() },
                "--capacity-clients" => options with { CapacityClients = Int() },
                "--submit-concurrency" => options with { SubmitConcurrency = Int() },
                "--overhead-concurrency" => options with { OverheadConcurrency = Int() },
                "--fault-rate" => options with { FaultRate = Double() },
                "--fault-concurrency" => options with { FaultConcurrency = Int() },
                "--kill" => options with { Kill = Value() },
                "--replicas" => options with { Replicas = Int() },
                "--sampling" => options with { Sampling = Double() },
                "--faults" => options with { Faults = FaultList(Value()) },
                "--applications" => options with { Applications = Int() },
                "--drafts" => options with { Drafts = Int() },
                "--experts" => options with { Experts = Int() },
                "--resources" => options with { Resources = Int() },
                "--courses" => options with { Courses = Int() },
                "--completions" => options with { Completions = Int() },
                "--visits" => options with { Visits = Int() },
                "--out" => options with { Out = Value() },
                "--sizes" => options with { Sizes = SizeList(Value()) },
                "--growth-clients" => options with { GrowthClients = Int() },
                "--quick" => options with
                {
                    Duration = TimeSpan.FromSeconds(10), Applications = 200, Drafts = 300, Experts = 60, Resources = 60, Courses = 31,
                    Completions = 40, Visits = 40,
                },
                _ => throw new ArgumentException($"Unknown argument {args[i]}."),
            };
            modes = options.Modes;
        }
        if (options.Modes.Count == 0) options = options with { Modes = ["load"] };
        if (options.Replicas is < 1 or > 4) throw new ArgumentException("--replicas takes 1 to 4.");
        if (options.Sampling is < 0 or > 1) throw new ArgumentException("--sampling takes a ratio from 0 to 1.");
        if (options.Url is not null && options.Sampling is not null)
            throw new ArgumentException("--sampling is for the system started here (no --url).");
        if (options.Url is not null && options.Replicas is not null)
            throw new ArgumentException("--replicas is for the system started here (no --url).");
        if (options.Modes.Contains("scale"))
        {
            if (options.Modes.Count > 1) throw new ArgumentException("scale runs on its own (it starts two systems in turn).");
            if (options.Url is not null) throw new ArgumentException("scale needs the systems started here (no --url): it kills replicas.");
            if (options.Replicas == 1) throw new ArgumentException("scale compares 1 replica with --replicas N: N from 2 to 4.");
            options = options with { Replicas = options.Replicas ?? 2 };
        }
        if (options.Modes.Contains("faults") && options.Replicas > 1)
            throw new ArgumentException("faults kills the one process of a service; with replicas use scale.");
        if (options.Modes.Contains("faults") && options.Url is not null)
            throw new ArgumentException("faults needs the system started here (no --url): it kills and restarts a service.");
        if (options.Modes.Contains("growth") && options.Url is not null)
            throw new ArgumentException("growth needs the system started here (no --url): it writes into the services' databases.");
        return options;
    }

    private static readonly string[] KnownFaults = ["rabbitmq", "postgres", "service"];

    private static string[] FaultList(string value)
    {
        var faults = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = faults.Except(KnownFaults).ToList();
        if (faults.Length == 0 || unknown.Count > 0)
            throw new ArgumentException($"--faults takes a list of {string.Join(", ", KnownFaults)}" +
                                        (unknown.Count > 0 ? $"; unknown: {string.Join(", ", unknown)}." : "."));
        return faults;
    }

    private static int[] SizeList(string value)
    {
        var sizes = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        if (sizes.Length == 0 || sizes[0] < 1 || sizes.Zip(sizes.Skip(1)).Any(p => p.Second <= p.First))
            throw new ArgumentException("--sizes takes ascending multiples of the seed, the first at least 1 (e.g. 1,10,100).");
        return sizes;
    }

    private Options WithService(string value)
    {
        var (name, url) = value.Split('=', 2) is [var n, var u] ? (n, new Uri(u)) : throw new ArgumentException("--service takes name=url.");
        return this with { Services = new Dictionary<string, Uri>(Services) { [name] = url } };
    }
}
