using System.Collections.Concurrent;
using Kechuang.Gateway;
using Kechuang.TestKit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kechuang.Gateway.Tests;

/// <summary>
/// The gateway in process on its own database and vhost. The services behind it are not running:
/// these tests cover what the gateway itself does (keys, sign-in, limits, idempotency, webhooks,
/// the feed). Every log line it writes is captured, to check that no secret is ever logged.
/// </summary>
public class GatewayFactory : ServiceFactory<GatewayExtensions.Marker>
{
    public const string AdminKey = "gateway-tests-bootstrap-admin-key";

    public GatewayFactory() : base(GatewayExtensions.Name)
    {
        With("Kechuang:BootstrapAdminKey", AdminKey);
        With("Kechuang:RateLimit:PermitsPerSecond", "20");
        With("Kechuang:RateLimit:Burst", "60");
        With("Kechuang:Webhooks:BackoffMs", "100");
        With("Kechuang:Webhooks:AllowPrivateNetworks", "true");
    }

    public ConcurrentQueue<string> Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddLogging(logging =>
        {
            logging.AddProvider(new CapturingLoggerProvider(Logs));
            logging.AddFilter<CapturingLoggerProvider>(null, LogLevel.Trace);
        }));
    }

    public HttpClient WithKey(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    public HttpClient Admin() => WithKey(AdminKey);
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
