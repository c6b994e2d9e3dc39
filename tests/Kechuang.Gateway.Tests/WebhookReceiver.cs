using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kechuang.Gateway.Tests;

/// <summary>
/// A partner's webhook endpoint on localhost that can be told to fail the first N calls, or to
/// answer every call with a given status and <c>Location</c> (a redirect).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _failuresLeft;

    public sealed record Received(string Body, IReadOnlyDictionary<string, string> Headers, int StatusAnswered)
    {
        public string? Header(string name) => Headers.GetValueOrDefault(name.ToLowerInvariant());

        public string? Signature => Header("X-Kechuang-Signature");
    }

    public ConcurrentQueue<Received> Calls { get; } = new();

    private WebhookReceiver(int failFirst, int? status, string? location)
    {
        _failuresLeft = failFirst;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/hook", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            var answer = status ?? (Interlocked.Decrement(ref _failuresLeft) >= 0 ? 500 : 200);
            var headers = http.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
            Calls.Enqueue(new Received(body, headers, answer));
            if (location is not null) http.Response.Headers.Location = location;
            return Results.StatusCode(answer);
        });
    }

    public string Url { get; private set; } = "";

    public int Port => new Uri(Url).Port;

    public static async Task<WebhookReceiver> StartAsync(int failFirst = 0, int? status = null, string? location = null)
    {
        var receiver = new WebhookReceiver(failFirst, status, location);
        await receiver._app.StartAsync();
        var address = receiver._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = address + "/hook";
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
