using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Kechuang.BuildingBlocks.Messaging;
using Kechuang.BuildingBlocks.Operations;
using Kechuang.TestKit;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Kechuang.BuildingBlocks.Tests.Operations;

public sealed record Tallied(Guid Id);

public sealed record Tally(Guid Id)
{
    public static Tally Create(Tallied e) => new(e.Id);
}

/// <summary>
/// The narrowest host of a real <see cref="ProjectionRebuilds"/>: Marten on a database of its own,
/// the requests table in the service's schema, its async daemon running one projection, and the
/// leadership and rebuilds a service registers; its <see cref="RebuildRelay"/> only once a test
/// starts it, so nothing claims a request before then. A request waits 1 s for its outcome.
/// </summary>
public sealed class RebuildHost : IAsyncDisposable
{
    public const string Service = "rebuilds";

    private readonly IHost _host;
    private RebuildRelay? _relay;

    private RebuildHost(IHost host, string database)
    {
        _host = host;
        Database = database;
    }

    public string Database { get; }

    public ProjectionRebuilds Rebuilds => _host.Services.GetRequiredService<ProjectionRebuilds>();

    public DaemonLeadership Leadership => _host.Services.GetRequiredService<DaemonLeadership>();

    /// <summary>The daemon's one projection.</summary>
    public string Projection => _host.Services.GetRequiredService<IDocumentStore>().Options.Events.Projections().Single().Name;

    public static async Task<RebuildHost> StartAsync()
    {
        var database = await TestInfrastructure.CreateDatabaseAsync(Service);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Kechuang:Operations:RebuildWaitSeconds"] = "1" });
        var replica = ReplicaName.For(builder.Configuration, Service);
        var connection = replica.Tag(database, Service);
        builder.Services.AddMarten(opts =>
            {
                opts.Connection(connection);
                opts.DatabaseSchemaName = Service;
                opts.Projections.Snapshot<Tally>(SnapshotLifecycle.Async);
                opts.Projections.LeadershipPollingTime = 500;
                opts.Storage.ExtendedSchemaObjects.Add(ProjectionRebuilds.Table(Service));
            })
            .ApplyAllDatabaseChangesOnStartup()
            .AddAsyncDaemon(DaemonMode.HotCold);
        builder.Services.AddSingleton(new ServiceIdentity(Service));
        builder.Services.AddSingleton(replica);
        builder.Services.AddSingleton(new DaemonLeadership.Target(connection));
        builder.Services.AddSingleton<DaemonLeadership>();
        builder.Services.AddSingleton(new ProjectionRebuilds.Target(connection, Service));
        builder.Services.AddSingleton<ProjectionRebuilds>();
        var host = builder.Build();
        await host.StartAsync();
        return new RebuildHost(host, database);
    }

    /// <summary>Starts the relay once this host's daemon runs its projection, so the relay may claim requests for it.</summary>
    public async Task StartRelayAsync()
    {
        await Eventually.True(() => Leadership.RunsAsync(Projection, CancellationToken.None), because: "the host's daemon runs its projection");
        _relay = ActivatorUtilities.CreateInstance<RebuildRelay>(_host.Services);
        await _relay.StartAsync(CancellationToken.None);
    }

    public async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        if (_relay is not null)
        {
            await _relay.StopAsync(CancellationToken.None);
            _relay.Dispose();
        }
        await _host.StopAsync();
        _host.Dispose();
        await TestInfrastructure.DropDatabaseAsync(Database);
    }
}
