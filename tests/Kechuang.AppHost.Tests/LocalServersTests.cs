using System.Net;
using System.Net.Http.Headers;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Npgsql;
using Xunit;

namespace Kechuang.AppHost.Tests;

/// <summary>
/// Issue 14 §5, on the servers <c>./kechuang infra up</c> set up (the tests' connections name
/// them): PostgreSQL, RabbitMQ and Redis accept connections on localhost only (tried on every other
/// address of the machine), Redis answers no command without its password, each service's role is no superuser
/// and owns only its database, which no other role may connect to, and RabbitMQ's system user
/// has no tags while guest is gone. Read through the tests' own role and user, which may look but
/// not change any of it.
/// </summary>
public sealed class LocalServersTests(EnvironmentAtStart start)
{
    private static readonly string[] Services = ["applications", "resources", "experts", "training", "outreach", "gateway", "dashboard"];

    // With a container runtime the tests run on Testcontainers and ./kechuang names no local servers.
    private static string Postgres
    {
        get
        {
            var postgres = Environment.GetEnvironmentVariable("ConnectionStrings__postgres");
            Assert.SkipWhen(postgres is null, "no local servers: a container runtime runs PostgreSQL and RabbitMQ");
            return postgres!;
        }
    }

    [Fact]
    public async Task PostgreSQL_listens_on_localhost_and_each_service_role_owns_only_its_database()
    {
        await using var connection = new NpgsqlConnection(Postgres);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        Assert.Equal("localhost", await ScalarAsync<string>(connection, "SHOW listen_addresses"));
        await AssertOnlyOnLoopbackAsync(new NpgsqlConnectionStringBuilder(Postgres).Port);

        foreach (var service in Services)
        {
            var role = $"kechuang_{service}";
            var (superuser, createDb, createRole) = await RoleAsync(connection, role);
            Assert.False(superuser || createDb || createRole, $"{role} has more than LOGIN");
            Assert.Equal(role, await ScalarAsync<string>(connection,
                $"SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = '{role}'"));
            Assert.Equal(0L, await ScalarAsync<long>(connection,
                $"SELECT count(*) FROM pg_database WHERE datdba = (SELECT oid FROM pg_roles WHERE rolname = '{role}') AND datname <> '{role}'"));
            foreach (var other in Services.Where(s => s != service))
                Assert.False(await ScalarAsync<bool>(connection, $"SELECT has_database_privilege('{role}', 'kechuang_{other}', 'CONNECT')"),
                    $"{role} may connect to kechuang_{other}");
        }
        Assert.Equal(0L, await ScalarAsync<long>(connection,
            "SELECT count(*) FROM pg_roles WHERE rolname LIKE 'kechuang%' AND rolsuper"));
    }

    [Fact]
    public async Task Redis_listens_on_localhost_and_answers_no_command_without_its_password()
    {
        _ = Postgres;
        var redis = start.Redis;
        Assert.NotNull(redis);
        var endpoint = redis.Split(',')[0];
        var port = int.Parse(endpoint[(endpoint.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        await AssertOnlyOnLoopbackAsync(port);

        using var client = new TcpClient();
        var ct = TestContext.Current.CancellationToken;
        await client.ConnectAsync(IPAddress.Loopback, port, ct);
        var stream = client.GetStream();
        await stream.WriteAsync("PING\r\n"u8.ToArray(), ct);
        var answer = new byte[256];
        var read = await stream.ReadAsync(answer, ct);
        Assert.StartsWith("-NOAUTH", Encoding.ASCII.GetString(answer, 0, read));
    }

    [Fact]
    public async Task RabbitMQ_listens_on_localhost_its_system_user_has_no_tags_and_guest_is_gone()
    {
        _ = Postgres;
        var management = new Uri(Environment.GetEnvironmentVariable("Kechuang__RabbitManagement")!);
        using var http = new HttpClient { BaseAddress = new UriBuilder(management) { UserName = "", Password = "" }.Uri };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(management.UserInfo))));
        var ct = TestContext.Current.CancellationToken;

        // What the node reports of its listeners is the configuration, not the socket: try them.
        var amqp = new Uri(Environment.GetEnvironmentVariable("ConnectionStrings__rabbitmq")!);
        await AssertOnlyOnLoopbackAsync(amqp.Port, management.Port);

        using var users = JsonDocument.Parse(await http.GetStringAsync("api/users", ct));
        var byName = users.RootElement.EnumerateArray().ToDictionary(u => u.GetProperty("name").GetString()!);
        Assert.DoesNotContain("guest", byName.Keys);
        var tags = byName["kechuang"].GetProperty("tags");
        Assert.True(tags.ValueKind == JsonValueKind.Array ? tags.GetArrayLength() == 0 : tags.GetString() == "",
            $"the system's user has tags: {tags}");
    }

    /// <summary>Each port accepts on 127.0.0.1 and refuses on every other address of this machine.</summary>
    private static async Task AssertOnlyOnLoopbackAsync(params int[] ports)
    {
        var addresses = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses.Select(a => a.Address))
            .Where(a => !IPAddress.IsLoopback(a) && !a.IsIPv6LinkLocal)
            .ToList();
        foreach (var port in ports)
        {
            Assert.True(await AcceptsAsync(IPAddress.Loopback, port), $"nothing listens on 127.0.0.1:{port}");
            foreach (var address in addresses)
                Assert.False(await AcceptsAsync(address, port), $"port {port} accepts on {address}");
        }
    }

    private static async Task<bool> AcceptsAsync(IPAddress address, int port)
    {
        using var client = new TcpClient(address.AddressFamily);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await client.ConnectAsync(address, port, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    private static async Task<(bool Superuser, bool CreateDb, bool CreateRole)> RoleAsync(NpgsqlConnection connection, string role)
    {
        await using var command = new NpgsqlCommand("SELECT rolsuper, rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname = $1", connection);
        command.Parameters.AddWithValue(role);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        Assert.True(await reader.ReadAsync(TestContext.Current.CancellationToken), $"no role {role}");
        return (reader.GetBoolean(0), reader.GetBoolean(1), reader.GetBoolean(2));
    }
}
