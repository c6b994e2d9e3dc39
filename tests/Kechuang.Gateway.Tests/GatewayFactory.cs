using System.Collections.Concurrent;
using System.Net;
using Kechuang.Gateway;
using Kechuang.Gateway.Access;
using Kechuang.TestKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kechuang.Gateway.Tests;

/// <summary>
/// The gateway in process on its own database and vhost. The services behind it are not running:
/// these tests cover what the gateway itself does (keys, sign-in, limits, idempotency, webhooks,
/// the feed). Every log line it writes is captured, to check that no secret is ever logged. Each
/// client connects from an address of its own (<see cref="PeerHeader"/>), as distinct partners
/// would, so the per-address limits of one test never touch another's.
/// </summary>
public class GatewayFactory : ServiceFactory<GatewayExtensions.Marker>
{
    public const string AdminKey = "gateway-tests-bootstrap-admin-key";

    /// <summary>The TCP peer address the test server gives a request (it has no sockets of its own).</summary>
    public const string PeerHeader = "X-Test-Peer";

    public GatewayFactory() : base(GatewayExtensions.Name) => Configure();

    private GatewayFactory(GatewayFactory first) : base(GatewayExtensions.Name, first.Database, first.RabbitMq) => Configure();

    /// <summary>Another replica of this gateway, on the same database and vhost (start it after this one).</summary>
    public GatewayFactory AnotherNode() => new(this);

    private void Configure()
    {
        With("Kechuang:BootstrapAdminKey", AdminKey);
        // Its own buckets in process: the shared Redis of ./kechuang env would put every test class
        // (and other test processes) on the bootstrap key's one bucket. ReplicaTests names one.
        With("ConnectionStrings:redis", "");
        With("Kechuang:RateLimit:PermitsPerSecond", "20");
        With("Kechuang:RateLimit:Burst", "60");
        With("Kechuang:Webhooks:BackoffMs", "100");
        With("Kechuang:Webhooks:AllowPrivateNetworks", "true");
    }

    public ConcurrentQueue<string> Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.AddLogging(logging =>
            {
                logging.AddProvider(new CapturingLoggerProvider(Logs));
                logging.AddFilter<CapturingLoggerProvider>(null, LogLevel.Trace);
            });
            services.AddSingleton<IStartupFilter, TestPeerAddress>();
        });
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Add(PeerHeader, NewAddress());
    }

    /// <summary>A client connecting from <paramref name="address"/>.</summary>
    public HttpClient From(string address, string? key = null)
    {
        var client = key is null ? CreateClient() : WithKey(key);
        client.DefaultRequestHeaders.Remove(PeerHeader);
        client.DefaultRequestHeaders.Add(PeerHeader, address);
        return client;
    }

    /// <summary>An address no other client of this run has (from the 10.0.0.0/8 block).</summary>
    public static string NewAddress()
    {
        var n = Interlocked.Increment(ref _addresses);
        return $"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}";
    }

    private static int _addresses;

    public HttpClient WithKey(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    public HttpClient Admin() => WithKey(AdminKey);

    /// <summary>This node's listener for other replicas' access changes.</summary>
    public AccessChangeListener AccessListener => Services.GetServices<IHostedService>().OfType<AccessChangeListener>().Single();
}

/// <summary>Sets the connection's remote address from <see cref="GatewayFactory.PeerHeader"/>, before the gateway sees the request.</summary>
public sealed class TestPeerAddress : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((http, inner) =>
        {
            if (http.Request.Headers.TryGetValue(GatewayFactory.PeerHeader, out var peer))
            {
                http.Connection.RemoteIpAddress = IPAddress.Parse(peer.ToString());
                http.Request.Headers.Remove(GatewayFactory.PeerHeader);
            }
            return inner(http);
        });
        next(app);
    };
}

/// <summary>Keeps every formatted log line (with exception text and scopes) in memory.</summary>
public sealed class CapturingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines, () => _scopes);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose() { }

    private sealed class Logger(string category, ConcurrentQueue<string> lines, Func<IExternalScopeProvider> scopes) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => scopes().Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopeText = new List<string>();
            scopes().ForEachScope((scope, list) => list.Add(scope?.ToString() ?? ""), scopeText);
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception} {string.Join(" | ", scopeText)}");
        }
    }
}
