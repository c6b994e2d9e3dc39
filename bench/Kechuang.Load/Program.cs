using System.Diagnostics;
using System.Globalization;
using Kechuang.Load;
using Kechuang.Load.Data;
using Kechuang.Load.Http;
using Kechuang.Load.Infrastructure;
using Kechuang.Load.Modes;
using Kechuang.Load.Reporting;
using Kechuang.Load.Seeding;
using Kechuang.Load.Verification;
using Kechuang.Load.Workload;

// The load and fault harness (README "Performance"): ./kechuang bench [load] [overhead] [faults] [verify] [growth] [options].
if (args is ["--help"] or ["-h"] or ["help"])
{
    Console.WriteLine(Options.Usage);
    return 0;
}

Options options;
try
{
    options = Options.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(Options.Usage);
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
var ct = cancel.Token;
var output = Console.Out;
var root = ServiceProcesses.RepositoryRoot();
// The processes the AppHost starts inherit this environment (README "Telemetry": which traces are exported).
const string samplingVariable = "Kechuang__Telemetry__SamplingRatio";
if (options.Sampling is { } ratio) Environment.SetEnvironmentVariable(samplingVariable, ratio.ToString(CultureInfo.InvariantCulture));
var sampling = Environment.GetEnvironmentVariable(samplingVariable) ?? "1";
var report = new Report
{
    Command = "./kechuang bench " + string.Join(' ', args),
    StartedAt = DateTimeOffset.Now,
    Machine = Report.DescribeMachine(),
    LoadAverageAtStart = Report.LoadAverage(),
    System = options.Url is null
        ? $"the AppHost started by the harness (Release build; traces of a share {sampling} of requests exported, {samplingVariable})"
        : $"running system at {options.Url}",
};
output.WriteLine($"Kechuang load harness — {report.StartedAt:yyyy-MM-dd HH:mm zzz}");
output.WriteLine($"machine: {report.Machine}; load average {report.LoadAverageAtStart}");

// scale starts the system twice, one replica of everything and then N; the other modes once.
int[] systems = options.Modes.Contains("scale") ? [1, options.Replicas!.Value] : [options.Replicas ?? 1];
var scale = new List<ScaleMode.Capacity>();
using var http = Client.NewHttpClient();
try
{
    foreach (var replicas in systems)
    {
        var clock = Stopwatch.StartNew();
        await using var system = options.Url is null
            ? await BenchSystem.StartAsync(output, replicas)
            : BenchSystem.Running(options.Url, options.AdminKey, options.SigningKey, options.Services);
        output.WriteLine($"system: {report.System}; gateway {system.Gateway} ({clock.Elapsed.TotalSeconds:N0} s)");

        var gateway = new Client(http, new GatewayTarget(system.Gateway));
        var names = new Names(seed: 2021);
        output.WriteLine("seeding through the gateway:");
        clock.Restart();
        var seed = new SeedOptions(options.Applications, options.Modes.Contains("load") ? options.Drafts : 0, options.Experts, options.Resources,
            options.Courses, options.Completions, options.Visits);
        var world = await new Seeder(gateway, system.AdminKey, names, output).SeedAsync(seed, ct);
        output.WriteLine($"seeded in {clock.Elapsed.TotalSeconds:N0} s (load average {Report.LoadAverage()})");
        report.Seed["options"] = seed;
        report.Seed[systems.Length == 1 ? "seconds" : $"seconds ({replicas} replicas)"] = Math.Round(clock.Elapsed.TotalSeconds, 1);
        report.Seed["partnerKeys"] = world.AllPartners.Count();

        var ledger = new Ledger();
        var bench = new Bench
        {
            Options = options,
            System = system,
            Gateway = gateway,
            World = world,
            Ledger = ledger,
            Operations = new Operations(world, names, ledger),
            Report = report,
            Root = root,
            Out = output,
        };
        if (options.Modes.Contains("load")) await LoadMode.RunAsync(bench, ct);
        if (options.Modes.Contains("overhead")) await OverheadMode.RunAsync(bench, http, ct);
        if (options.Modes.Contains("faults")) await FaultMode.RunAsync(bench, ct);
        if (options.Modes.Contains("verify")) await VerifyMode.RunAsync(bench, ct);
        if (options.Modes.Contains("growth")) await GrowthMode.RunAsync(bench, seed, ct);
        if (options.Modes.Contains("scale")) scale.Add(await ScaleMode.RunAsync(bench, replicas, ct));
    }
    if (scale.Count > 1) ScaleMode.Compare(scale, report, output);
}
catch (OperationCanceledException) when (ct.IsCancellationRequested)
{
    output.WriteLine("cancelled (Ctrl-C): stopping the system");
    return 130;
}
finally
{
    report.LoadAverageAtEnd = Report.LoadAverage();
    report.PrintTargets(output);
    var written = report.Write(Path.Combine(Directory.GetCurrentDirectory(), options.Out), string.Join('-', options.Modes.Order()));
    output.WriteLine();
    output.WriteLine($"load average at the end {report.LoadAverageAtEnd}; report written to {written}");
}
return report.Targets.All(t => t.Met) ? 0 : 1;
