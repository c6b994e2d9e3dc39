using Microsoft.Extensions.Configuration;
using System.Diagnostics;
using System.Security.Cryptography;
using Npgsql;

namespace Kechuang.AppHost;

/// <summary>
/// PostgreSQL, RabbitMQ and Redis: containers where a container runtime is healthy, otherwise the
/// local servers <c>./kechuang infra up</c> started, named by <c>ConnectionStrings__{service}-db</c>
/// (or <c>ConnectionStrings__postgres</c>), <c>ConnectionStrings__rabbitmq</c> and
/// <c>ConnectionStrings__redis</c> (the gateway replicas' shared rate limits). Each service gets its own database
/// (<c>{prefix}_{service}</c>); <c>Kechuang:DatabasePrefix</c> lets the end-to-end tests run
/// beside a running system without sharing its data.
/// </summary>
public sealed class Infrastructure
{
    private readonly IDistributedApplicationBuilder _builder;
    private readonly IResourceBuilder<PostgresServerResource>? _postgres;
    private readonly IResourceBuilder<ParameterResource>? _postgresServer;
    private readonly string _prefix;

    private Infrastructure(IDistributedApplicationBuilder builder)
    {
        _builder = builder;
        _prefix = builder.Configuration["Kechuang:DatabasePrefix"] ?? "kechuang";
        if (ContainerRuntimeIsHealthy())
        {
            _postgres = builder.AddPostgres("postgres").WithDataVolume();
            var rabbitMq = builder.AddRabbitMQ("rabbitmq").WithManagementPlugin().WithDataVolume();
            RabbitMq = rabbitMq;
            Servers = [_postgres, rabbitMq];
            var redis = builder.AddRedis("redis");
            Redis = redis;
            RedisServer = redis;
        }
        else
        {
            // The tests name one server (ConnectionStrings__postgres, a role that creates databases);
            // ./kechuang run names each service's own role and database instead.
            string probe;
            if (builder.Configuration.GetConnectionString("postgres") is { } server)
            {
                var withoutDatabase = new NpgsqlConnectionStringBuilder(server) { Database = null }.ConnectionString;
                _postgresServer = builder.AddParameter("postgres-server", () => withoutDatabase, secret: true);
                probe = new NpgsqlConnectionStringBuilder(server) { Database = "postgres" }.ConnectionString;
            }
            else
            {
                probe = builder.Configuration.GetConnectionString("gateway-db")
                    ?? throw new InvalidOperationException(
                        "No container runtime and no ConnectionStrings__postgres or ConnectionStrings__gateway-db: start the local servers with ./kechuang infra up (./kechuang run does).");
            }
            RabbitMq = builder.AddConnectionString("rabbitmq");
            var amqp = new Uri(builder.Configuration.GetConnectionString("rabbitmq")
                ?? throw new InvalidOperationException("No ConnectionStrings__rabbitmq: start the local servers with ./kechuang infra up (./kechuang run does)."));
            // The management UI's address without the credentials ./kechuang passes to the tests.
            var management = new UriBuilder(builder.Configuration["Kechuang:RabbitManagement"] ?? $"http://{amqp.Host}:15672") { UserName = "", Password = "" }.Uri;
            Servers =
            [
                builder.AddLocalServer(LocalServers.Postgres, "PostgreSQL (local)", LocalServers.PostgresAnswers(probe)),
                builder.AddLocalServer(LocalServers.RabbitMq, "RabbitMQ (local)", LocalServers.PortAccepts(amqp))
                    .WithUrl(management.ToString(), "RabbitMQ management"),
            ];
            Redis = builder.AddConnectionString("redis");
            var redis = builder.Configuration.GetConnectionString("redis")
                ?? throw new InvalidOperationException("No ConnectionStrings__redis: start the local servers with ./kechuang infra up (./kechuang run does).");
            RedisServer = builder.AddLocalServer(LocalServers.Redis, "Redis (local)", LocalServers.PortAccepts(LocalServers.RedisEndpoint(redis)));
        }
    }

    /// <summary>Redis, which only the gateway uses: its replicas' shared rate-limit buckets.</summary>
    public IResourceBuilder<IResourceWithConnectionString> Redis { get; }

    /// <summary>Redis as the dashboard shows it; the gateway waits for it to be healthy.</summary>
    public IResourceBuilder<IResource> RedisServer { get; }

    public IResourceBuilder<IResourceWithConnectionString> RabbitMq { get; }

    /// <summary>PostgreSQL and RabbitMQ as the dashboard shows them; every project waits for both to be healthy.</summary>
    public IReadOnlyList<IResourceBuilder<IResource>> Servers { get; }

    public static Infrastructure Add(IDistributedApplicationBuilder builder) => new(builder);

    /// <summary>
    /// The service's database: in the container, or <c>ConnectionStrings:{service}-db</c> when
    /// configured (<c>./kechuang run</c> names each service's own role that way), or else
    /// <c>{prefix}_{service}</c> on the server of <c>ConnectionStrings:postgres</c>.
    /// </summary>
    public IResourceBuilder<IResourceWithConnectionString> Database(string service)
    {
        var resource = $"{service}-db";
        var name = $"{_prefix}_{service}";
        if (_postgres is not null) return _postgres.AddDatabase(resource, name);
        if (_builder.Configuration.GetConnectionString(resource) is not null) return _builder.AddConnectionString(resource);
        if (_postgresServer is null)
            throw new InvalidOperationException(
                $"No container runtime and neither ConnectionStrings__{resource} nor ConnectionStrings__postgres: start the local servers with ./kechuang infra up (./kechuang run does).");
        return _builder.AddConnectionString(resource, ReferenceExpression.Create($"{_postgresServer.Resource};Database={name}"));
    }

    /// <summary>
    /// Removes <c>ConnectionStrings__{service}-db</c> and <c>ConnectionStrings__redis</c> (only the
    /// gateway's) from the process environment (the configuration keeps what it read), so DCP and
    /// the projects it starts do not inherit every service's password.
    /// </summary>
    public static void ForgetDatabaseVariables()
    {
        foreach (var name in Environment.GetEnvironmentVariables().Keys.Cast<string>())
            if (name.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase)
                && (name.EndsWith("-db", StringComparison.OrdinalIgnoreCase) || name.Equals("ConnectionStrings__redis", StringComparison.OrdinalIgnoreCase)))
                Environment.SetEnvironmentVariable(name, null);
    }

    public static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static bool ContainerRuntimeIsHealthy()
    {
        try
        {
            using var docker = Process.Start(new ProcessStartInfo("docker", "info")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (docker is null) return false;
            if (!docker.WaitForExit(TimeSpan.FromSeconds(5))) { docker.Kill(); return false; }
            return docker.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no docker on PATH
        }
    }
}
