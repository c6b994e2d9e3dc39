using System.Net;
using Kechuang.Gateway.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Kechuang.Gateway.Tests;

/// <summary>
/// Issue 16: the dashboard's replicas (<c>dashboard</c>, <c>dashboard-2</c>) as two destinations.
/// A browser keeps to one (its circuit lives there); when that one stops, its next page comes from
/// the other, never the gateway's error page, and the browser keeps to the other from then on.
/// </summary>
public sealed class DashboardReplicaTests : IAsyncLifetime
{
    private readonly Replica _first = Replica.Start("first");
    private readonly Replica _second = Replica.Start("second");
    private GatewayFactory _gateway = null!;

    public async ValueTask InitializeAsync()
    {
        _gateway = new GatewayFactory();
        _gateway.With("services:dashboard:http:0", _first.Url).With("services:dashboard-2:http:0", _second.Url);
        await _gateway.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _first.DisposeAsync();
        await _second.DisposeAsync();
    }

    [Fact]
    public async Task A_browser_keeps_to_one_dashboard_replica_and_moves_to_the_other_without_an_error_when_it_stops()
    {
        using var browser = _gateway.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var (kept, affinity) = await PageAsync(browser, "/", cookie: null);
        Assert.NotNull(affinity);
        for (var i = 0; i < 20; i++)
        {
            var (replica, renewed) = await PageAsync(browser, $"/applications?page={i}", affinity);
            Assert.Equal(kept, replica);
            Assert.Null(renewed);
        }

        var stopped = kept == "first" ? _first : _second;
        await stopped.DisposeAsync();
        var (other, moved) = await PageAsync(browser, "/applications", affinity);
        Assert.NotEqual(kept, other);
        Assert.NotNull(moved);
        Assert.NotEqual(affinity, moved);
        for (var i = 0; i < 5; i++)
            Assert.Equal(other, (await PageAsync(browser, "/", moved)).Replica);
    }

    /// <summary>The page's replica and the affinity cookie the answer set, if it set one (any error fails the test).</summary>
    private static async Task<(string Replica, string? Affinity)> PageAsync(HttpClient browser, string path, string? cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (cookie is not null) request.Headers.Add("Cookie", cookie);
        using var response = await browser.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var affinity = response.Headers.TryGetValues("Set-Cookie", out var cookies)
            ? cookies.Select(c => c.Split(';')[0]).SingleOrDefault(c => c.StartsWith(DashboardReplicas.AffinityCookie + "=", StringComparison.Ordinal))
            : null;
        return (await response.Content.ReadAsStringAsync(), affinity);
    }

    /// <summary>A dashboard replica standing in: every page answers with its name, <c>/health/live</c> with 200.</summary>
    private sealed class Replica : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private bool _stopped;

        private Replica(WebApplication app) => _app = app;

        public string Url => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        public static Replica Start(string name)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            app.Run(http => http.Response.WriteAsync(name));
            app.StartAsync().GetAwaiter().GetResult();
            return new Replica(app);
        }

        public async ValueTask DisposeAsync()
        {
            if (_stopped) return;
            _stopped = true;
            await _app.DisposeAsync();
        }
    }
}
