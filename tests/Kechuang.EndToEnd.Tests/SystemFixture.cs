using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Kechuang.TestKit;
using Npgsql;
using Xunit;

[assembly: AssemblyFixture(typeof(Kechuang.EndToEnd.Tests.SystemFixture))]

namespace Kechuang.EndToEnd.Tests;

/// <summary>
/// The whole system as <c>./kechuang run</c> starts it (the AppHost: five services and the
/// gateway), on its own databases and vhost, once for all end-to-end tests.
/// </summary>
public sealed class SystemFixture : IAsyncLifetime
{
    public const string AdminKey = "e2e-bootstrap-admin-key";
    private static readonly string[] Databases = ["applications", "resources", "experts", "training", "outreach", "gateway", "dashboard"];

    private DistributedApplication? _app;
    private string _prefix = "";
    private Uri? _vhost;
    private OtlpTraceReceiver? _traces;

    /// <summary>Every span the services exported over OTLP since the system started.</summary>
    public OtlpTraceReceiver Traces => _traces!;

    /// <summary>A client of the gateway without any key (public reads, 401s).</summary>
    public HttpClient Gateway { get; private set; } = null!;

    /// <summary>
    /// A client of the gateway calling with a new partner API key of <paramref name="role"/>
    /// (created with the bootstrap admin key, as a partner's key would be).
    /// </summary>
    public async Task<HttpClient> ClientAsync(
        string role, string? province = null, Guid? organizationId = null, Guid? expertId = null, string? name = null)
    {
        using var admin = AdminClient();
        var response = await admin.PostAsJsonAsync("/api/v1/api-keys",
            new { name = name ?? $"e2e {role} {province}", role, province, organizationId, expertId });
        if (response.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"Creating a {role} key answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var key = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
        var client = _app!.CreateHttpClient("gateway");
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    /// <summary>A client of one service directly, around the gateway (as an attacker inside the network would).</summary>
    public HttpClient ServiceClient(string service) => _app!.CreateHttpClient(service);

    /// <summary>The AppHost's model and resource commands (what the Aspire dashboard shows and runs).</summary>
    public IServiceProvider AppHostServices => _app!.Services;

    /// <summary>A client calling with the bootstrap admin key.</summary>
    public HttpClient AdminClient()
    {
        var client = _app!.CreateHttpClient("gateway");
        client.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        return client;
    }

    public async ValueTask InitializeAsync()
    {
        var servers = await TestInfrastructure.GetAsync();
        _prefix = $"t_e2e_{Guid.NewGuid():N}"[..20];
        await using (var connection = new NpgsqlConnection(servers.Postgres))
        {
            await connection.OpenAsync();
            foreach (var db in Databases)
                await new NpgsqlCommand($"CREATE DATABASE \"{_prefix}_{db}\"", connection).ExecuteNonQueryAsync();
        }
        _vhost = await TestInfrastructure.CreateVhostAsync("e2e");

        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Kechuang_AppHost>(
        [
            "DcpPublisher:WaitForResourceCleanup=false",
            $"Kechuang:DatabasePrefix={_prefix}",
            "Kechuang:GatewayPort=0",
            $"ConnectionStrings:postgres={servers.Postgres}",
            $"ConnectionStrings:rabbitmq={_vhost}",
            $"ConnectionStrings:redis={await TestInfrastructure.RedisAsync()}",
            $"Parameters:bootstrap-admin-key={AdminKey}",
        ]);
        // The webhook tests register receivers on localhost (./kechuang run keeps this off).
        builder.CreateResourceBuilder<ProjectResource>("gateway").WithEnvironment("Kechuang__Webhooks__AllowPrivateNetworks", "true");
        // The services export their traces to a receiver of the test, as they would to the dashboard.
        _traces = await OtlpTraceReceiver.StartAsync();
        foreach (var project in builder.Resources.OfType<ProjectResource>())
            builder.CreateResourceBuilder(project)
                .WithEnvironment("OTEL_EXPORTER_OTLP_ENDPOINT", _traces.Endpoint.ToString().TrimEnd('/'))
                .WithEnvironment("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        _app = await builder.BuildAsync();
        using var startup = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await _app.StartAsync(startup.Token);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync("gateway", startup.Token);
        Gateway = _app.CreateHttpClient("gateway");
        await Eventually.True(async () => (await Gateway.GetAsync("/health/ready")).IsSuccessStatusCode,
            TimeSpan.FromMinutes(2), "the gateway reports every service ready");
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        if (_traces is not null) await _traces.DisposeAsync();
        var servers = await TestInfrastructure.GetAsync();
        foreach (var db in Databases)
            await TestInfrastructure.DropDatabaseAsync(new NpgsqlConnectionStringBuilder(servers.Postgres) { Database = $"{_prefix}_{db}" }.ConnectionString);
        if (_vhost is not null) await TestInfrastructure.DeleteVhostAsync(_vhost);
    }
}
