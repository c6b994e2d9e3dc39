using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Kechuang.ServiceDefaults.Logging;

/// <summary>
/// The correlation id of the work in progress: taken from <c>X-Correlation-Id</c> (the gateway
/// sets one on every request), carried with appended events and published messages, and on every
/// log line as the <c>CorrelationId</c> scope.
/// </summary>
public static class Correlation
{
    public const string Header = "X-Correlation-Id";
    public const string ScopeKey = "CorrelationId";

    private static readonly AsyncLocal<string?> CurrentId = new();

    public static string? Current => CurrentId.Value;

    /// <summary>Makes <paramref name="id"/> current for the rest of this async flow and logs it in a scope.</summary>
    public static IDisposable? Begin(ILogger logger, string id)
    {
        CurrentId.Value = id;
        Activity.Current?.SetTag("kechuang.correlation_id", id);
        return logger.BeginScope(new Dictionary<string, object?> { [ScopeKey] = id });
    }

    public static bool IsSane(string? id) =>
        id is { Length: > 0 and <= 64 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}

/// <summary>
/// Every request gets a correlation id (the caller's, if it sent a sane one; else the trace id):
/// passed on to services, echoed in the response, on every log line of the request.
/// </summary>
public sealed class CorrelationIdMiddleware(RequestDelegate next, ILogger<CorrelationIdMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext http)
    {
        var id = http.Request.Headers[Correlation.Header].ToString();
        if (!Correlation.IsSane(id)) id = Activity.Current?.TraceId.ToString() ?? Guid.NewGuid().ToString("N");
        http.Request.Headers[Correlation.Header] = id;
        http.Response.OnStarting(() =>
        {
            http.Response.Headers[Correlation.Header] = id;
            return Task.CompletedTask;
        });
        using (Correlation.Begin(logger, id))
            await next(http);
    }
}
