using System.Collections.Concurrent;
using System.Diagnostics;
using Kechuang.Gateway.Routing;
using Kechuang.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;

namespace Kechuang.Gateway.Tests;

/// <summary>
/// One local HTTP server standing in for all five services where the gateway test only needs what
/// reaches them: it answers readiness with <see cref="ReadyStatus"/> and any API path with 200,
/// and records each request's path, body and the identity the gateway forwarded.
/// </summary>
public sealed class ServiceStub : IAsyncDisposable
{
    private readonly WebApplication _app;

    public sealed record Received(string Path, string? Authorization, string? Body = null);

    private ServiceStub()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Run(async http =>
        {
            var body = await new StreamReader(http.Request.Body).ReadToEndAsync(http.RequestAborted);
            Calls.Enqueue(new Received(http.Request.Path, http.Request.Headers.Authorization, body));
            // A real service names the route it ran (OperationRoute); the test says which.
            if (http.Request.Headers.TryGetValue(RouteHeader, out var route))
                http.Response.Headers[OperationRoute.Header] = route;
            http.Response.StatusCode = http.Request.Path == "/health/ready" ? ReadyStatus : 200;
        });
    }

    /// <summary>A request header telling the stub which route template to answer it ran.</summary>
    public const string RouteHeader = "X-Test-Route";

    public ConcurrentQueue<Received> Calls { get; } = new();

    public int ReadyStatus { get; set; } = 200;

    public string Url { get; private set; } = "";

    public int ReadinessProbes => Calls.Count(c => c.Path == "/health/ready");

    /// <summary>Started synchronously: the gateway under test is configured with its address in a constructor.</summary>
    public static ServiceStub Start()
    {
        var stub = new ServiceStub();
        stub._app.StartAsync().GetAwaiter().GetResult();
        stub.Url = stub._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return stub;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>The gateway with every service it routes to resolved to one <see cref="ServiceStub"/>.</summary>
public sealed class StubbedGateway : GatewayFactory
{
    public StubbedGateway()
    {
        foreach (var service in ServiceRoutes.Services) With($"services:{service}:http:0", Stub.Url);
    }

    public ServiceStub Stub { get; } = ServiceStub.Start();

    /// <summary>The spans the gateway exported (every source of the test process).</summary>
    public List<Activity> Spans { get; } = [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(Spans)));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Stub.DisposeAsync();
    }
}
