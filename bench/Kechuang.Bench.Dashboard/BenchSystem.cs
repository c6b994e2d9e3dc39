using System.Net.Http.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Kechuang.TestKit;
using Npgsql;

namespace Kechuang.Bench.Dashboard;

/// <summary>The whole system (the AppHost) on databases and a vhost of its own, dropped afterwards.</summary>
public sealed class BenchSystem : IAsyncDisposable
{
    public const string AdminKey = "bench-bootstrap-admin-key";
    private static readonly string[] Databases = ["applications", "resources", "experts", "training", "outreach", "gateway", "dashboard"];

    private readonly DistributedApplication _app;
    private readonly string _prefix;
    private readonly Uri _vhost;

    private BenchSystem(DistributedApplication app, string prefix, Uri vhost) => (_app, _prefix, _vhost) = (app, prefix, vhost);

    public Uri Gateway => _app.CreateHttpClient("gateway").BaseAddress!;

    /// <summary>Starts it with <paramref name="replicas"/> of each process (<c>Kechuang:Replicas</c>, as <c>./kechuang run --replicas</c>).</summary>
    public static async Task<BenchSystem> StartAsync(int replicas = 1)
    {
        var servers = await TestInfrastructure.GetAsync();
        var prefix = $"t_bench_{Guid.NewGuid():N}"[..20];
        await using (var connection = new NpgsqlConnection(servers.Postgres))
        {
            await connection.OpenAsync();
            foreach (var db in Databases)
                await new NpgsqlCommand($"CREATE DATABASE \"{prefix}_{db}\"", connection).ExecuteNonQueryAsync();
        }
        var vhost = await TestInfrastructure.CreateVhostAsync("bench");
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Kechuang_AppHost>(
        [
            "DcpPublisher:WaitForResourceCleanup=false",
            $"Kechuang:DatabasePrefix={prefix}",
            "Kechuang:GatewayPort=0",
            $"ConnectionStrings:postgres={servers.Postgres}",
            $"ConnectionStrings:rabbitmq={vhost}",
            $"Parameters:bootstrap-admin-key={AdminKey}",
            $"Kechuang:Replicas={replicas}",
        ]);
        var app = await builder.BuildAsync();
        // Each replica is one more process of each service to start on the same cores.
        using var startup = new CancellationTokenSource(TimeSpan.FromMinutes(2 + 2 * replicas));
        await app.StartAsync(startup.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("gateway", startup.Token);
        foreach (var dashboard in Kechuang.AppHost.Replicas.DashboardNames(replicas))
            await app.ResourceNotifications.WaitForResourceHealthyAsync(dashboard, startup.Token);
        var system = new BenchSystem(app, prefix, vhost);
        using var probe = system.Anonymous();
        while (!(await probe.GetAsync("/health/ready", startup.Token)).IsSuccessStatusCode) await Task.Delay(500, startup.Token);
        return system;
    }

    public HttpClient Anonymous() => _app.CreateHttpClient("gateway");

    public async Task<HttpClient> KeyAsync(string role, string? province = null, Guid? organizationId = null)
    {
        using var admin = Admin();
        var response = await admin.PostAsJsonAsync("/api/v1/api-keys", new { name = $"bench {role} {province}", role, province, organizationId });
        response.EnsureSuccessStatusCode();
        var key = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("key").GetString()!;
        var client = _app.CreateHttpClient("gateway");
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    public async Task<(string Username, string Password)> StaffAsync(string role, string? province)
    {
        var username = $"bench.{role}.{Guid.NewGuid():N}"[..24];
        const string password = "bench-staff-password";
        using var admin = Admin();
        (await admin.PostAsJsonAsync("/api/v1/users", new { username, password, role, province })).EnsureSuccessStatusCode();
        return (username, password);
    }

    private HttpClient Admin()
    {
        var client = _app.CreateHttpClient("gateway");
        client.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        var servers = await TestInfrastructure.GetAsync();
        foreach (var db in Databases)
            await TestInfrastructure.DropDatabaseAsync(new NpgsqlConnectionStringBuilder(servers.Postgres) { Database = $"{_prefix}_{db}" }.ConnectionString);
        await TestInfrastructure.DeleteVhostAsync(_vhost);
    }
}
