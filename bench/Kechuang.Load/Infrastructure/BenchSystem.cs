using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Kechuang.BuildingBlocks.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Kechuang.Load.Infrastructure;

/// <summary>
/// The system under load: the whole AppHost started in this process with Aspire.Hosting.Testing
/// (its own databases and vhost, a random gateway port, a signing key we know), or a system
/// already running elsewhere (<c>--url</c>), which we only call.
/// </summary>
public sealed class BenchSystem : IAsyncDisposable
{
    public static readonly string[] Services = ["applications", "resources", "experts", "training", "outreach"];
    private static readonly string[] Databases = [.. Services, "gateway", "dashboard"];

    // The AppHost takes ConnectionStrings__redis out of this process's environment once it has read it
    // (Infrastructure.ForgetDatabaseVariables): kept here for the next system scale mode starts.
    private static readonly string? Redis = Environment.GetEnvironmentVariable("ConnectionStrings__redis");

    private DistributedApplication? _app;
    private StreamWriter? _log;
    private string? _prefix;
    private string? _vhost;

    private BenchSystem(Uri gateway, string adminKey, InternalIdentity? identity, IReadOnlyDictionary<string, Uri> direct)
    {
        Gateway = gateway;
        AdminKey = adminKey;
        Identity = identity;
        Direct = direct;
    }

    public Uri Gateway { get; }
    public string AdminKey { get; }

    /// <summary>Mints the identity the gateway forwards; known only when we chose the signing key.</summary>
    public InternalIdentity? Identity { get; }

    /// <summary>Each service's own address, for calls around the gateway.</summary>
    public IReadOnlyDictionary<string, Uri> Direct { get; }

    public static BenchSystem Running(Uri gateway, string adminKey, string? signingKey, IReadOnlyDictionary<string, Uri> direct) =>
        new(gateway, adminKey, signingKey is null ? null : new InternalIdentity(signingKey), direct);

    public static async Task<BenchSystem> StartAsync(TextWriter log, int replicas = 1)
    {
        var postgres = Environment.GetEnvironmentVariable("ConnectionStrings__postgres")
            ?? throw new InvalidOperationException("Set ConnectionStrings__postgres (./kechuang bench does, or eval \"$(./kechuang env)\").");
        var rabbit = new Uri(Environment.GetEnvironmentVariable("ConnectionStrings__rabbitmq")
            ?? throw new InvalidOperationException("Set ConnectionStrings__rabbitmq."));
        var management = new Uri(Environment.GetEnvironmentVariable("Kechuang__RabbitManagement")
            ?? throw new InvalidOperationException("Set Kechuang__RabbitManagement."));

        var tag = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var prefix = $"t_load_{tag}";
        var vhost = $"t-load-{tag}";
        var adminKey = "load-admin-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

        await using (var connection = new NpgsqlConnection(postgres))
        {
            await connection.OpenAsync();
            foreach (var db in Databases)
                await new NpgsqlCommand($"CREATE DATABASE \"{prefix}_{db}\"", connection).ExecuteNonQueryAsync();
        }
        using (var http = Management(management))
        {
            (await http.PutAsync($"api/vhosts/{vhost}", null)).EnsureSuccessStatusCode();
            var user = Uri.UnescapeDataString(rabbit.UserInfo.Split(':')[0]);
            (await http.PutAsJsonAsync($"api/permissions/{vhost}/{Uri.EscapeDataString(user)}",
                new { configure = ".*", write = ".*", read = ".*" })).EnsureSuccessStatusCode();
        }

        // The services inherit this process's environment: keep their logs to warnings.
        Environment.SetEnvironmentVariable("Logging__LogLevel__Default", "Warning");
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Kechuang_AppHost>(
        [
            "DcpPublisher:WaitForResourceCleanup=false",
            $"Kechuang:DatabasePrefix={prefix}",
            "Kechuang:GatewayPort=0",
            $"Kechuang:Replicas={replicas}",
            $"ConnectionStrings:postgres={postgres}",
            $"ConnectionStrings:rabbitmq={new UriBuilder(rabbit) { Path = "/" + vhost }.Uri}",
            $"ConnectionStrings:redis={Redis ?? throw new InvalidOperationException("Set ConnectionStrings__redis.")}",
            $"Parameters:bootstrap-admin-key={adminKey}",
            $"Parameters:internal-signing-key={signingKey}",
        ]);
        // The AppHost's own log: its health checks fail while services start (and during the faults), as intended.
        builder.Services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning)
            .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None)
            .AddFilter("Aspire.Hosting.Dcp", LogLevel.Error));
        var app = await builder.BuildAsync();
        var (logPath, logFile) = KeepLogs(app, prefix);
        log.WriteLine($"the system's processes log (warnings and errors) to {logPath}");
        log.WriteLine($"starting the system (AppHost, {(replicas == 1 ? "one replica" : $"{replicas} replicas")} of everything, databases {prefix}_*, vhost {vhost})");
        // Replicas start side by side on the same cores: each more takes as long again.
        using var startup = new CancellationTokenSource(TimeSpan.FromMinutes(4 * replicas));
        await app.StartAsync(startup.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("gateway", startup.Token);

        var direct = Services.ToDictionary(s => s, s => app.GetEndpoint(s, "http"));
        var system = new BenchSystem(app.GetEndpoint("gateway", "http"), adminKey, new InternalIdentity(signingKey), direct)
        {
            _app = app,
            _log = logFile,
            _prefix = prefix,
            _vhost = vhost,
        };
        await system.WaitUntilReadyAsync(TimeSpan.FromMinutes(3), startup.Token);
        return system;
    }

    /// <summary>
    /// Every line the system's processes write (at the Warning level the harness sets), each under its
    /// resource instance's name (one per replica), in <c>.kechuang/bench/&lt;databases&gt;.log</c>: a 500 seen by the harness names a
    /// trace id, and the exception behind it is there.
    /// </summary>
    private static (string Path, StreamWriter File) KeepLogs(DistributedApplication app, string prefix)
    {
        var path = Path.Combine(Directory.GetCurrentDirectory(), ".kechuang", "bench", $"{prefix}.log");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var file = new StreamWriter(path, append: false) { AutoFlush = true };
        var loggers = app.Services.GetRequiredService<ResourceLoggerService>();
        var stopping = app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        // Each replica is a resource instance of its own (e.g. experts-abcd1234): watched as it appears.
        _ = Task.Run(async () =>
        {
            var watched = new HashSet<string>(StringComparer.Ordinal);
            try
            {
                await foreach (var e in app.ResourceNotifications.WatchAsync(stopping))
                {
                    if (!watched.Add(e.ResourceId)) continue;
                    var instance = e.ResourceId;
                    _ = Task.Run(async () =>
                    {
                        try
                        {
                            await foreach (var batch in loggers.WatchAsync(instance).WithCancellation(stopping))
                                lock (file)
                                    foreach (var line in batch) file.WriteLine($"{instance} {line.Content}");
                        }
                        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
                        {
                            // the system stops
                        }
                    });
                }
            }
            catch (OperationCanceledException)
            {
                // the system stops
            }
        });
        return (path, file);
    }

    /// <summary>What the databases of a system this process started are named after (<c>&lt;prefix&gt;_&lt;service&gt;</c>); null for one elsewhere.</summary>
    public string? DatabasePrefix => _prefix;

    /// <summary>A service's own database (a system this process started).</summary>
    public string Database(string service) =>
        new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("ConnectionStrings__postgres"))
        {
            Database = $"{_prefix ?? throw new InvalidOperationException("Only a system this process started has databases we know.")}_{service}",
        }.ConnectionString;

    /// <summary>Messages waiting or unacknowledged in the system's vhost, over all its queues.</summary>
    public async Task<long> QueuedMessagesAsync(CancellationToken ct)
    {
        using var http = Management(new Uri(Environment.GetEnvironmentVariable("Kechuang__RabbitManagement")!));
        var queues = await http.GetFromJsonAsync<List<QueueDepth>>($"api/queues/{Uri.EscapeDataString(_vhost!)}?columns=name,messages", ct);
        // Faulted and skipped messages wait for an operator, not for the system: they never drain.
        return queues?.Where(q => !q.Name.EndsWith("_error", StringComparison.Ordinal) && !q.Name.EndsWith("_skipped", StringComparison.Ordinal))
            .Sum(q => q.Messages) ?? 0;
    }

    private sealed record QueueDepth(string Name, long Messages);

    /// <summary>Whether a process is one of this system's (its environment names this system's databases), not another system of the same checkout.</summary>
    public bool Owns(int pid)
    {
        if (_prefix is null) return false;
        try
        {
            return File.ReadAllText($"/proc/{pid}/environ").Contains($"Database={_prefix}_", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // ended meanwhile
        }
    }

    /// <summary>Until the gateway reports every service ready (PostgreSQL and RabbitMQ reachable from each).</summary>
    public async Task<TimeSpan> WaitUntilReadyAsync(TimeSpan timeout, CancellationToken ct = default)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var started = DateTimeOffset.UtcNow;
        while (true)
        {
            try
            {
                if ((await http.GetAsync(new Uri(Gateway, "/health/ready"), ct)).IsSuccessStatusCode) return DateTimeOffset.UtcNow - started;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                // not answering yet
            }
            if (DateTimeOffset.UtcNow - started > timeout)
                throw new TimeoutException($"The system was not ready within {timeout.TotalSeconds:N0} s.");
            await Task.Delay(500, ct);
        }
    }

    /// <summary>Starts a service again after its process died (Aspire's resource command, as the dashboard's Start button).</summary>
    public async Task StartServiceAsync(string service, CancellationToken ct)
    {
        var app = _app ?? throw new InvalidOperationException("Only a system this process started can be restarted.");
        using var stopped = CancellationTokenSource.CreateLinkedTokenSource(ct);
        stopped.CancelAfter(TimeSpan.FromSeconds(60));
        await app.ResourceNotifications.WaitForResourceAsync(service,
            e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), stopped.Token);
        var resource = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == service);
        var commands = app.Services.GetRequiredService<ResourceCommandService>();
        var result = await commands.ExecuteCommandAsync(resource, KnownResourceCommands.StartCommand, ct);
        if (!result.Success) throw new InvalidOperationException($"Starting {service} again failed: {result.Message}");
        await app.ResourceNotifications.WaitForResourceHealthyAsync(service, ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is null) return;
        await _app.DisposeAsync();
        lock (_log!) _log.Dispose();
        NpgsqlConnection.ClearAllPools();
        var postgres = Environment.GetEnvironmentVariable("ConnectionStrings__postgres")!;
        await using (var connection = new NpgsqlConnection(postgres))
        {
            await connection.OpenAsync();
            foreach (var db in Databases)
                await new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_prefix}_{db}\" WITH (FORCE)", connection).ExecuteNonQueryAsync();
        }
        using var http = Management(new Uri(Environment.GetEnvironmentVariable("Kechuang__RabbitManagement")!));
        await http.DeleteAsync($"api/vhosts/{_vhost}");
    }

    private static HttpClient Management(Uri api)
    {
        var http = new HttpClient { BaseAddress = new UriBuilder(api) { UserName = "", Password = "", Path = "/" }.Uri };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(api.UserInfo))));
        return http;
    }
}
