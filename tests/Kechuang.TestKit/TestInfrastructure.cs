using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using DotNet.Testcontainers.Configurations;
using Npgsql;
using Testcontainers.PostgreSql;
using Testcontainers.RabbitMq;
using Testcontainers.Redis;

namespace Kechuang.TestKit;

/// <summary>
/// The real PostgreSQL, RabbitMQ and Redis the tests run against: the servers named in the
/// environment (<c>./kechuang test</c> sets them from the local Debian servers), or otherwise
/// containers started once per test process with Testcontainers. Every test host gets its own
/// database and vhost, so test classes run in parallel without seeing each other's data; Redis
/// holds only the gateway's rate-limit buckets, one per caller, and every test calls with callers of its own.
/// </summary>
public static class TestInfrastructure
{
    private static readonly Lazy<Task<Servers>> Instance = new(StartAsync);

    /// <param name="Redis">A StackExchange.Redis connection string; null when the environment names PostgreSQL and RabbitMQ but no Redis.</param>
    public sealed record Servers(string Postgres, Uri RabbitMq, Uri RabbitManagement, string? Redis);

    public static Task<Servers> GetAsync() => Instance.Value;

    private static async Task<Servers> StartAsync()
    {
        var postgres = Environment.GetEnvironmentVariable("ConnectionStrings__postgres");
        var rabbit = Environment.GetEnvironmentVariable("ConnectionStrings__rabbitmq");
        var management = Environment.GetEnvironmentVariable("Kechuang__RabbitManagement");
        var redis = Environment.GetEnvironmentVariable("ConnectionStrings__redis");
        if (postgres is not null && rabbit is not null && management is not null)
            return new Servers(postgres, new Uri(rabbit), new Uri(management), redis);

        if (TestcontainersSettings.OS.DockerEndpointAuthConfig is null)
            throw new InvalidOperationException(
                "No PostgreSQL/RabbitMQ in the environment and no Docker for Testcontainers: run the tests with ./kechuang test.");

        var pg = new PostgreSqlBuilder("postgres:16-alpine").Build();
        var mq = new RabbitMqBuilder("rabbitmq:3.13-management-alpine").WithPortBinding(15672, true).Build();
        var cache = new RedisBuilder("redis:7-alpine").Build();
        await Task.WhenAll(pg.StartAsync(), mq.StartAsync(), cache.StartAsync());
        var amqp = new Uri(mq.GetConnectionString());
        var api = new UriBuilder("http", mq.Hostname, mq.GetMappedPublicPort(15672)) { UserName = "rabbitmq", Password = "rabbitmq" }.Uri;
        return new Servers(pg.GetConnectionString(), amqp, api, cache.GetConnectionString());
    }

    /// <summary>The tests' Redis (<c>ConnectionStrings__redis</c>, which <c>./kechuang env</c> exports): a StackExchange.Redis connection string.</summary>
    public static async Task<string> RedisAsync() => (await GetAsync()).Redis
        ?? throw new InvalidOperationException("No ConnectionStrings__redis in the environment: eval \"$(./kechuang env)\" after ./kechuang infra up, which starts Redis.");

    /// <summary>A new, empty database on the test server; its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix)
    {
        var servers = await GetAsync();
        var name = $"t_{Sanitize(prefix)}_{Guid.NewGuid():N}";
        name = name[..Math.Min(name.Length, 40)];
        await using var connection = new NpgsqlConnection(servers.Postgres);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection))
            await create.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(servers.Postgres) { Database = name, MaxPoolSize = 20 }.ConnectionString;
    }

    public static async Task DropDatabaseAsync(string connectionString)
    {
        var servers = await GetAsync();
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(servers.Postgres);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        // The tests' role may end its own sessions but not an autovacuum worker's (no role of its
        // own; ending it takes pg_signal_backend, which the role is not given): such a worker is
        // done within moments, so the drop is tried again a few times.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await drop.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 20)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250));
            }
        }
    }

    /// <summary>A new RabbitMQ vhost the test user may use; its AMQP URI.</summary>
    public static async Task<Uri> CreateVhostAsync(string prefix)
    {
        var servers = await GetAsync();
        var vhost = $"t-{Sanitize(prefix)}-{Guid.NewGuid():N}";
        var user = Uri.UnescapeDataString(servers.RabbitMq.UserInfo.Split(':')[0]);
        using var http = Management(servers);
        (await http.PutAsync($"api/vhosts/{vhost}", null)).EnsureSuccessStatusCode();
        (await http.PutAsJsonAsync($"api/permissions/{vhost}/{Uri.EscapeDataString(user)}",
            new { configure = ".*", write = ".*", read = ".*" })).EnsureSuccessStatusCode();
        return new UriBuilder(servers.RabbitMq) { Path = "/" + vhost }.Uri;
    }

    public static async Task DeleteVhostAsync(Uri amqp)
    {
        var servers = await GetAsync();
        using var http = Management(servers);
        await http.DeleteAsync($"api/vhosts/{Uri.EscapeDataString(amqp.AbsolutePath.TrimStart('/'))}");
    }

    /// <summary>The RabbitMQ management API, for tests that look into queues.</summary>
    public static async Task<HttpClient> ManagementClientAsync() => Management(await GetAsync());

    private static HttpClient Management(Servers servers)
    {
        var api = servers.RabbitManagement;
        var http = new HttpClient { BaseAddress = new UriBuilder(api) { UserName = "", Password = "", Path = "/" }.Uri };
        var credentials = Uri.UnescapeDataString(api.UserInfo);
        http.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        return http;
    }

    private static string Sanitize(string prefix) =>
        new(prefix.ToLowerInvariant().Where(c => char.IsAsciiLetterOrDigit(c)).Take(16).ToArray());
}
