using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kechuang.Dashboard.Tests;

/// <summary>
/// What the dashboard needs of the gateway here: a token for any sign-in, and a CSV export that
/// says which bearer token fetched it.
/// </summary>
public sealed class GatewayStub : IAsyncDisposable
{
    public const string Token = "token-of-a-centre-user";

    private readonly WebApplication _app;

    private GatewayStub(WebApplication app) => _app = app;

    public ConcurrentQueue<string> Authorizations { get; } = new();

    public string Url => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    public static async Task<GatewayStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var stub = new GatewayStub(app);
        app.MapPost("/api/v1/auth/token", () => Results.Json(new
        {
            accessToken = Token, expiresIn = 900, role = "centre", province = (string?)null, username = "centre.user",
        }));
        app.MapGet("/api/v1/applications/export", (HttpContext http) =>
        {
            stub.Authorizations.Enqueue(http.Request.Headers.Authorization.ToString());
            return Results.Text("exported for " + http.Request.Headers.Authorization, "text/csv");
        });
        await app.StartAsync();
        return stub;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
