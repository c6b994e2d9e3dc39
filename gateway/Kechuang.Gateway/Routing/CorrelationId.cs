using System.Diagnostics;

namespace Kechuang.Gateway.Routing;

/// <summary>
/// Every request gets an <c>X-Correlation-Id</c> (the caller's, if it sent a sane one): passed to
/// the service, echoed in the response, on every log line and span of the request.
/// </summary>
public sealed class CorrelationId(RequestDelegate next, ILogger<CorrelationId> logger)
{
    public const string Header = "X-Correlation-Id";

    public async Task InvokeAsync(HttpContext http)
    {
        var id = http.Request.Headers[Header].ToString();
        if (!IsSane(id)) id = Activity.Current?.TraceId.ToString() ?? Guid.NewGuid().ToString("N");
        http.Request.Headers[Header] = id;
        http.Response.OnStarting(() =>
        {
            http.Response.Headers[Header] = id;
            return Task.CompletedTask;
        });
        Activity.Current?.SetTag("kechuang.correlation_id", id);
        using (logger.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = id }))
            await next(http);
    }

    private static bool IsSane(string id) =>
        id.Length is > 0 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
