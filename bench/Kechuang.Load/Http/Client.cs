using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kechuang.Load.Measure;

namespace Kechuang.Load.Http;

/// <summary>One request of an operation: what is sent, by whom, and which non-2xx answers are still the expected outcome.</summary>
public sealed record Call(HttpMethod Method, string Path, Partner? As = null, object? Json = null, HttpContent? Content = null, int[]? AlsoExpected = null,
    string? Route = null)
{
    public static Call Get(string path, Partner? caller, params int[] alsoExpected) => new(HttpMethod.Get, path, caller, AlsoExpected: alsoExpected);

    public static Call Post(string path, Partner caller, object? json, params int[] alsoExpected) => new(HttpMethod.Post, path, caller, json, AlsoExpected: alsoExpected);
}

/// <summary>An answer: its status (0 when the transport failed), body, version (<c>ETag</c>) and time.</summary>
public sealed class Reply(int status, byte[] body, long? version, double milliseconds, TimeSpan? retryAfter)
{
    private JsonElement? _json;

    public int Status => status;
    public bool Ok => status is >= 200 and < 300;
    public long? Version => version;
    public double Milliseconds => milliseconds;
    public TimeSpan? RetryAfter => retryAfter;

    public JsonElement Json => _json ??= body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();

    public Guid Id => Json.GetProperty("id").GetGuid();

    public string Text => System.Text.Encoding.UTF8.GetString(body);
}

/// <summary>Sends calls to one target and records each in the phase's <see cref="Recorder"/> under its route template.</summary>
public sealed class Client(HttpClient http, Target target)
{
    public static HttpClient NewHttpClient() => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = int.MaxValue,
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        ConnectTimeout = TimeSpan.FromSeconds(5),
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
    })
    { Timeout = TimeSpan.FromSeconds(40) };

    public async Task<Reply> SendAsync(Call call, Recorder? recorder, CancellationToken ct = default)
    {
        using var request = target.Prepare(call.Method, call.Path, call.As);
        request.Content = call.Content ?? (call.Json is null ? null : JsonContent.Create(call.Json));
        var started = Stopwatch.GetTimestamp();
        Reply reply;
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
            var body = await response.Content.ReadAsByteArrayAsync(ct);
            var version = response.Headers.ETag is { } etag && long.TryParse(etag.Tag.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var v)
                ? v : (long?)null;
            reply = new Reply((int)response.StatusCode, body, version, Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                response.Headers.RetryAfter?.Delta);
        }
        catch (Exception e) when (e is HttpRequestException or IOException || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            reply = new Reply(Recorder.TransportError, [], null, Stopwatch.GetElapsedTime(started).TotalMilliseconds, null);
        }
        recorder?.Record(call.Route ?? RouteTemplate.Of(call.Method.Method, call.Path), reply.Status, reply.Milliseconds,
            reply.Ok || (call.AlsoExpected?.Contains(reply.Status) ?? false));
        return reply;
    }

    /// <summary>
    /// For seeding and checks, not measurement: retries what the per-key limit or an outage
    /// refused (429, 502–504, transport), and fails loudly on anything else unexpected.
    /// </summary>
    public async Task<Reply> SendUntilAnsweredAsync(Call call, CancellationToken ct = default, int attempts = 30)
    {
        for (var attempt = 1; ; attempt++)
        {
            var reply = await SendAsync(call with { Content = call.Content is null ? null : await CopyAsync(call.Content) }, null, ct);
            var transient = reply.Status is Recorder.TransportError or 429 or 502 or 503 or 504;
            if (!transient || attempt >= attempts)
            {
                if (reply.Ok || (call.AlsoExpected?.Contains(reply.Status) ?? false)) return reply;
                throw new InvalidOperationException($"{call.Method} {call.Path} answered {reply.Status}: {Truncate(reply.Text)}");
            }
            await Task.Delay(reply.RetryAfter ?? TimeSpan.FromMilliseconds(Math.Min(5000, 200 * attempt)), ct);
        }
    }

    private static async Task<HttpContent> CopyAsync(HttpContent content)
    {
        var copy = new ByteArrayContent(await content.ReadAsByteArrayAsync());
        foreach (var header in content.Headers) copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        return copy;
    }

    private static string Truncate(string text) => text.Length <= 500 ? text : text[..500] + "…";
}
