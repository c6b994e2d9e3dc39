using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Kechuang.AppHost;

/// <summary>
/// The local PostgreSQL, RabbitMQ and Redis servers (the no-container path) as resources of the
/// Aspire dashboard: shown running, with a health check each (PostgreSQL answers a query,
/// RabbitMQ's AMQP port and Redis's port accept a connection), the services waiting for them, and
/// RabbitMQ's management UI as a link.
/// </summary>
public static class LocalServers
{
    public const string Postgres = "postgres";
    public const string RabbitMq = "rabbitmq-server";
    public const string Redis = "redis-server";

    /// <summary>A server resource that is running as far as the AppHost knows, healthy when <paramref name="check"/> says so.</summary>
    public static IResourceBuilder<LocalServerResource> AddLocalServer(
        this IDistributedApplicationBuilder builder, string name, string type, Func<CancellationToken, Task> check)
    {
        var healthCheck = $"{name}-reachable";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthCheck, _ => new Probe(check), HealthStatus.Unhealthy, null, TimeSpan.FromSeconds(5)));
        return builder.AddResource(new LocalServerResource(name))
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = type,
                State = KnownResourceStates.Running,
                Properties = [],
            })
            .WithHealthCheck(healthCheck)
            .ExcludeFromManifest();
    }

    public static Func<CancellationToken, Task> PostgresAnswers(string connectionString) => async ct =>
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        await command.ExecuteScalarAsync(ct);
    };

    public static Func<CancellationToken, Task> PortAccepts(Uri server) => async ct =>
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port == -1 ? 5672 : server.Port, ct);
    };

    /// <summary>The server of a StackExchange.Redis connection string (<c>host:port,password=…</c>), without the password.</summary>
    public static Uri RedisEndpoint(string connectionString)
    {
        var endpoint = connectionString.Split(',')[0].Trim();
        var colon = endpoint.LastIndexOf(':');
        return colon < 0
            ? new UriBuilder("redis", endpoint, 6379).Uri
            : new UriBuilder("redis", endpoint[..colon], int.Parse(endpoint[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture)).Uri;
    }

    private sealed class Probe(Func<CancellationToken, Task> check) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await check(cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException)
            {
                return HealthCheckResult.Unhealthy(e.Message);
            }
        }
    }
}

/// <summary>A server the AppHost does not start but shows (see <see cref="LocalServers"/>).</summary>
public sealed class LocalServerResource(string name) : Resource(name);

public static class WaitForServersExtensions
{
    /// <summary>Starts <paramref name="project"/> once PostgreSQL and RabbitMQ are healthy.</summary>
    public static IResourceBuilder<ProjectResource> WaitForServers(this IResourceBuilder<ProjectResource> project, Infrastructure infra)
    {
        foreach (var server in infra.Servers) project.WaitFor(server);
        return project;
    }
}
