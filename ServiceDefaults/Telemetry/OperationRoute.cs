using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Kechuang.ServiceDefaults.Telemetry;

/// <summary>
/// The route template of the operation a request ran (<c>/api/v1/experts/{id}/vetting</c>), as a
/// span name operators can search for. A service names its own route in a response header; the
/// gateway, whose own route is a catch-all, takes that name for its span and drops the header.
/// Both spans carry the same name and <c>http.route</c>.
/// </summary>
public static partial class OperationRoute
{
    public const string Header = "Kechuang-Route";
    private const string ItemKey = "kechuang.operation-route";

    /// <summary>Service side: answer every routed request with its route template.</summary>
    public static Task AnnounceAsync(HttpContext http, RequestDelegate next)
    {
        http.Response.OnStarting(() =>
        {
            if (http.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { Length: > 0 } pattern })
            {
                var route = Template(pattern);
                http.Response.Headers[Header] = route;
                Adopt(http, route);
            }
            return Task.CompletedTask;
        });
        return next(http);
    }

    /// <summary>The route as the contract writes it: <c>{id:guid}</c> is <c>{id}</c>, <c>{**rest}</c> is <c>{rest}</c>.</summary>
    public static string Template(string pattern) => Parameter().Replace(pattern, "{$1}");

    [GeneratedRegex(@"\{\**([^}:=?]+)[^}]*\}")]
    private static partial Regex Parameter();

    /// <summary>Gateway side: the request's span takes this route's name when it ends.</summary>
    public static void Adopt(HttpContext http, string route) => http.Items[ItemKey] = route;

    /// <summary>Runs as the request span ends, after the instrumentation named it by the local route.</summary>
    internal static void Enrich(Activity activity, HttpResponse response)
    {
        if (response.HttpContext.Items[ItemKey] is not string route) return;
        activity.DisplayName = $"{response.HttpContext.Request.Method} {route}";
        activity.SetTag("http.route", route);
    }
}
