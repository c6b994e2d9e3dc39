using JasperFx;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Kechuang.BuildingBlocks.Hosting;

/// <summary>
/// Applies the service's schema before anything else of it starts (the bus, the daemon, the
/// endpoints), one replica at a time: each holds a PostgreSQL advisory lock of the service's own
/// while it applies, so a replica starting beside another waits for it and then finds the schema
/// current. Marten's own apply-on-startup gives up after about 0.4 s when another replica holds its
/// lock, which on a busy machine ended that replica's start (<c>./kechuang run --replicas 2</c>).
/// </summary>
public sealed partial class SchemaOnStartup(IDocumentStore store, SchemaOnStartup.Target target, ILogger<SchemaOnStartup> logger) : IHostedService
{
    /// <summary>Between attempts while the database does not answer at start.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(2);

    /// <summary>How long a start waits for the database before it ends after all (a wrong host or port also times out or is refused).</summary>
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(5);

    public sealed record Target(string ConnectionString, long LockId);

    /// <summary>The advisory lock a service's replicas take in turn (apart from the daemon's and Marten's own).</summary>
    public static long LockIdFor(string service)
    {
        var hash = 17;
        foreach (var c in service) hash = unchecked(hash * 31 + c);
        return 44_450_000 + Math.Abs(hash % 10_000);
    }

    /// <summary>
    /// Waits for the database as long as the host is starting: a connection that times out or is
    /// refused (a busy or restarting server) is tried again rather than ending the process, which
    /// nothing would start again outside Kubernetes (with <c>--replicas 2</c> on a saturated machine,
    /// several replicas timed out opening their first connection and exited), for
    /// <see cref="GiveUpAfter"/> at most. Anything else — a wrong password, a missing database —
    /// ends the start at once.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var waiting = System.Diagnostics.Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ApplyAsync(cancellationToken);
                return;
            }
            catch (NpgsqlException e) when (e.IsTransient && !cancellationToken.IsCancellationRequested && waiting.Elapsed < GiveUpAfter)
            {
                DatabaseNotAnswering(logger, attempt, RetryAfter.TotalSeconds, e);
                await Task.Delay(RetryAfter, cancellationToken);
            }
        }
    }

    private async Task ApplyAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(target.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        // The server's keepalives on this session: a holder lost without a word (a frozen node)
        // gives up its lock within about a minute, not after the operating system's two hours.
        await using (var keepalive = new NpgsqlCommand(
            "set tcp_keepalives_idle = 30; set tcp_keepalives_interval = 10; set tcp_keepalives_count = 3", connection))
            await keepalive.ExecuteNonQueryAsync(cancellationToken);
        await using (var wait = new NpgsqlCommand("select pg_advisory_lock(@id)", connection))
        {
            wait.Parameters.AddWithValue("id", target.LockId);
            // No command timeout: as long as another replica applies the schema.
            wait.CommandTimeout = 0;
            await wait.ExecuteNonQueryAsync(cancellationToken);
        }
        try
        {
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync(AutoCreate.CreateOrUpdate);
        }
        finally
        {
            await using var release = new NpgsqlCommand("select pg_advisory_unlock(@id)", connection);
            release.Parameters.AddWithValue("id", target.LockId);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database did not answer at start (attempt {Attempt}); trying again in {Seconds} s")]
    private static partial void DatabaseNotAnswering(ILogger logger, int attempt, double seconds, Exception e);

    /// <summary>Registers it to start before every other hosted service of the process but Marten's own configuration.</summary>
    internal static void Register(IServiceCollection services, Target target)
    {
        services.AddSingleton(target);
        var descriptor = ServiceDescriptor.Singleton<IHostedService, SchemaOnStartup>();
        var configuring = services.ToList().FindIndex(d => d.ServiceType == typeof(IHostedService)
            && d.ImplementationType?.Name == "AsyncConfigureMartenApplication");
        services.Insert(configuring + 1, descriptor);
    }
}
