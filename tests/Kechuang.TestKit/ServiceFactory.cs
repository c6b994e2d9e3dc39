using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Kechuang.TestKit;

/// <summary>
/// One Kechuang service, in process, against real PostgreSQL and RabbitMQ: its own database and
/// vhost, a clock the test moves, and clients that call it as a given <see cref="Actor"/> would
/// after the gateway vouched for them. Share one per test class (<c>IClassFixture</c>).
/// </summary>
public class ServiceFactory<TEntryPoint> : WebApplicationFactory<TEntryPoint>, IAsyncLifetime
    where TEntryPoint : class
{
    public const string SigningKey = "kechuang-tests-internal-signing-key";

    private readonly string _service;
    private readonly Dictionary<string, string?> _settings = [];

    public ServiceFactory(string service, string? database = null, Uri? vhost = null)
    {
        _service = service;
        Database = database!;
        RabbitMq = vhost!;
        OwnsInfrastructure = database is null;
    }

    /// <summary>The domain clock; starts at the real now and moves only when the test moves it.</summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public string Database { get; private set; }

    public Uri RabbitMq { get; private set; }

    private bool OwnsInfrastructure { get; }

    public InternalIdentity Identity { get; } = new(SigningKey);

    private bool _onSocket;
    private bool _started;

    /// <summary>Serve on a real loopback socket (Kestrel, a free port) instead of the in-memory test server; call before the host starts.</summary>
    public ServiceFactory<TEntryPoint> OnLoopbackSocket()
    {
        _onSocket = true;
        return this;
    }

    /// <summary>Where the host listens when it runs on a socket (<see cref="OnLoopbackSocket"/>).</summary>
    public Uri SocketAddress => new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <summary>Extra configuration, set before the host starts.</summary>
    public ServiceFactory<TEntryPoint> With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    public virtual async ValueTask InitializeAsync()
    {
        if (OwnsInfrastructure)
        {
            Database = await TestInfrastructure.CreateDatabaseAsync(_service);
            RabbitMq = await TestInfrastructure.CreateVhostAsync(_service);
        }
        // Building the host here applies the schema and starts the bus and daemon once.
        if (_onSocket)
        {
            UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
            StartServer();
        }
        else
        {
            _ = Server;
        }
        _started = true;
        await BusReadiness.WaitUntilReadyAsync(Services);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting($"ConnectionStrings:{_service}-db", Database);
        builder.UseSetting("ConnectionStrings:rabbitmq", RabbitMq.ToString());
        builder.UseSetting(InternalIdentity.ConfigurationKey, SigningKey);
        builder.UseSetting("Kechuang:Messaging:RetryLimit", "2");
        builder.UseSetting("Kechuang:Messaging:RetryMinMs", "50");
        builder.UseSetting("Kechuang:Messaging:RetryMaxMs", "200");
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    /// <summary>A client calling as <paramref name="actor"/>; anonymous when null.</summary>
    public HttpClient ClientFor(Actor? actor)
    {
        var client = CreateDefaultClient(new TraceContextHandler());
        if (actor is not null)
            client.DefaultRequestHeaders.Authorization =
                new AuthenticationHeaderValue("Bearer", Identity.Issue(actor, TimeProvider.System, TimeSpan.FromHours(2)));
        return client;
    }

    /// <summary>Sends the caller's trace context (<c>traceparent</c>) when there is one, as a real HTTP client does.</summary>
    private sealed class TraceContextHandler : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            if (Activity.Current is { } current)
                DistributedContextPropagator.Current.Inject(current, request,
                    static (carrier, key, value) => ((HttpRequestMessage)carrier!).Headers.TryAddWithoutValidation(key, value));
            return base.SendAsync(request, ct);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        // WebApplicationFactory lets the entry point's app.Run() run to its end, so disposing stops
        // the host twice at once (the factory's stop and app.Run()'s). Marten's projection
        // coordinator is not safe to stop twice at once (JasperFx disposes the cancellation source
        // the other stop is cancelling), so it is stopped here first; both stops then find it
        // stopped (ServiceFactoryDisposalTests). A deployed service stops once, on SIGTERM.
        // Once: a test that stopped this host (a restart) leaves its disposed factory to the fixture too.
        if (_started && Services.GetService<JasperFx.Events.Daemon.IProjectionCoordinator>() is { } coordinator)
        {
            _started = false;
            await coordinator.StopAsync(CancellationToken.None);
        }
        await base.DisposeAsync();
        if (OwnsInfrastructure)
        {
            await TestInfrastructure.DropDatabaseAsync(Database);
            await TestInfrastructure.DeleteVhostAsync(RabbitMq);
        }
        GC.SuppressFinalize(this);
    }
}
