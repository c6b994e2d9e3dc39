using JasperFx;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Kechuang.BuildingBlocks.Hosting;

/// <summary>
/// Applies the service's schema before anything else of it starts (the bus, the daemon, the
/// endpoints), one replica at a time: each holds a PostgreSQL advisory lock of the service's own
/// while it applies, so a replica starting beside another waits for it and then finds the schema
/// current. Marten's own apply-on-startup gives up after about 0.4 s when another replica holds its
/// lock, which on a busy machine ended that replica's start (<c>./kechuang run --replicas 2</c>).
/// </summary>
public sealed class SchemaOnStartup(IDocumentStore store, SchemaOnStartup.Target target) : IHostedService
{
    public sealed record Target(string ConnectionString, long LockId);

    /// <summary>The advisory lock a service's replicas take in turn (apart from the daemon's and Marten's own).</summary>
    public static long LockIdFor(string service)
    {
        var hash = 17;
        foreach (var c in service) hash = unchecked(hash * 31 + c);
        return 44_450_000 + Math.Abs(hash % 10_000);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
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
