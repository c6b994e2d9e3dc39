using System.Diagnostics;

namespace Kechuang.Load.Infrastructure;

/// <summary>
/// The machine's PostgreSQL and RabbitMQ (the Debian servers <c>./kechuang infra up</c> runs),
/// stopped and started the way an outage or an operator would. They are shared with everyone on
/// the machine: <see cref="TestsRunning"/> says whether someone's tests would break.
/// </summary>
public static class Servers
{
    private static readonly string Sudo = Environment.UserName == "root" ? "" : "sudo ";

    /// <summary>
    /// A server started here runs in a session of its own (a Ctrl-C meant for the harness must not
    /// reach it) and does not hold the harness's output pipes open.
    /// </summary>
    private const string Daemon = "setsid --wait";
    private const string Quiet = "</dev/null >/dev/null 2>&1";

    /// <summary>
    /// The broker killed outright (SIGKILL to its Erlang VM): no graceful shutdown, so it keeps
    /// only what it had confirmed to publishers.
    /// </summary>
    public static Task KillRabbitMqAsync() => RunAsync(
        "pkill -KILL -u rabbitmq -x beam.smp; for i in $(seq 50); do pgrep -u rabbitmq -x beam.smp >/dev/null || exit 0; sleep 0.1; done; exit 1",
        TimeSpan.FromSeconds(30));

    public static async Task StartRabbitMqAsync()
    {
        await RunAsync($"{Daemon} rabbitmq-server -detached {Quiet}", TimeSpan.FromSeconds(30), check: false);
        await RunAsync("rabbitmqctl wait --timeout 90 \"/var/lib/rabbitmq/mnesia/rabbit@$(hostname -s).pid\"", TimeSpan.FromSeconds(120));
    }

    public static async Task RestartPostgresAsync()
    {
        var (version, cluster) = await PostgresClusterAsync();
        await RunAsync($"{Daemon} pg_ctlcluster {version} {cluster} restart {Quiet}", TimeSpan.FromSeconds(120));
    }

    public static async Task<bool> RabbitMqRunningAsync() => (await RunAsync("rabbitmqctl -q status", TimeSpan.FromSeconds(30), check: false)).Code == 0;

    public static async Task<bool> PostgresRunningAsync() =>
        (await RunAsync("pg_lsclusters -h | awk '$4==\"online\"' | grep -q .", TimeSpan.FromSeconds(10), check: false)).Code == 0;

    /// <summary>Starts whichever of the two is down (after a fault, also one that failed half-way).</summary>
    public static async Task<string> EnsureRunningAsync()
    {
        var notes = new List<string>();
        if (!await PostgresRunningAsync())
        {
            var (version, cluster) = await PostgresClusterAsync();
            await RunAsync($"{Daemon} pg_ctlcluster {version} {cluster} start {Quiet}", TimeSpan.FromSeconds(120), check: false);
            notes.Add("started PostgreSQL");
        }
        if (!await RabbitMqRunningAsync())
        {
            await StartRabbitMqAsync();
            notes.Add("started RabbitMQ");
        }
        return $"postgresql: {(await PostgresRunningAsync() ? "running" : "STOPPED")}, rabbitmq: {(await RabbitMqRunningAsync() ? "running" : "STOPPED")}" +
               (notes.Count > 0 ? $" ({string.Join(", ", notes)})" : "");
    }

    /// <summary>Test runs on this machine (anyone's): <c>dotnet test</c>, test hosts, Kechuang test executables.</summary>
    public static IReadOnlyList<string> TestsRunning()
    {
        var found = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId) continue;
            string[] argv;
            try
            {
                argv = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0', StringSplitOptions.RemoveEmptyEntries);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            if (argv.Length == 0) continue;
            var program = Path.GetFileName(argv[0]);
            var isTest = (program == "dotnet" && argv.Length > 1 && (argv[1] == "test" || argv[1].EndsWith(".Tests.dll", StringComparison.Ordinal)
                                                                     || argv[1].Contains("testhost", StringComparison.Ordinal)))
                         || program.Contains("testhost", StringComparison.Ordinal)
                         || (program.StartsWith("Kechuang.", StringComparison.Ordinal) && program.EndsWith(".Tests", StringComparison.Ordinal));
            if (isTest) found.Add($"{pid} {string.Join(' ', argv).Truncate(120)}");
        }
        return found;
    }

    private static string Truncate(this string text, int length) => text.Length <= length ? text : text[..length] + "…";

    private static async Task<(string Version, string Cluster)> PostgresClusterAsync()
    {
        var (_, output) = await RunAsync("pg_lsclusters -h", TimeSpan.FromSeconds(10));
        var fields = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (fields[0], fields[1]);
    }

    private static async Task<(int Code, string Output)> RunAsync(string command, TimeSpan timeout, bool check = true)
    {
        using var process = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", Sudo + command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException($"Could not run {command}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{command}` did not finish within {timeout.TotalSeconds:N0} s.");
        }
        if (check && process.ExitCode != 0)
            throw new InvalidOperationException($"`{command}` exited {process.ExitCode}: {await error}");
        return (process.ExitCode, await output);
    }
}
