using System.Globalization;
using System.Threading.RateLimiting;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;

namespace Kechuang.Gateway.Limits;

/// <summary>
/// Per-partner rate limits (429 with Retry-After), a per-address limit on the gateway's readiness
/// probe, request body limits (413) and the security headers every response carries.
/// </summary>
public static class RequestLimits
{
    /// <summary>JSON bodies; a seal scan upload may be up to 10 MiB (plus headroom for the check itself).</summary>
    public const long JsonBodyLimit = 1024 * 1024;
    public const long UploadBodyLimit = 10 * 1024 * 1024 + 64 * 1024;

    public static IServiceCollection AddRequestLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection("Kechuang:RateLimit");
        var perSecond = section.GetValue("PermitsPerSecond", 50);
        var burst = section.GetValue("Burst", 100);
        var healthPerSecond = section.GetValue("HealthPerSecond", 20);
        services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                if (http.Request.Path.StartsWithSegments(ServiceDefaultsExtensions.ReadyPath))
                    return PerSecond("ready:" + ClientAddress.Of(http), healthPerSecond, 2 * healthPerSecond);
                if (!http.Request.Path.StartsWithSegments("/api")) return RateLimitPartition.GetNoLimiter("unlimited");
                var caller = Actor.FromPrincipal(http.User)?.Id ?? "ip:" + ClientAddress.Of(http);
                return PerSecond(caller, perSecond, burst);
            });
            o.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                context.HttpContext.Response.Headers.RetryAfter =
                    Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await Problems.Of(StatusCodes.Status429TooManyRequests, "rate_limited", "Too many requests.",
                    "Slow down and retry after the time in Retry-After.").ExecuteAsync(context.HttpContext);
            };
        });
        return services;
    }

    private static RateLimitPartition<string> PerSecond(string partition, int perSecond, int burst) =>
        RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = perSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });

    /// <summary>Refuses oversized bodies before they are read, and caps bodies sent without a length.</summary>
    public static IApplicationBuilder UseBodyLimits(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var limit = IsUpload(http.Request) ? UploadBodyLimit : JsonBodyLimit;
        if (http.Request.ContentLength > limit)
        {
            await Problems.Of(StatusCodes.Status413PayloadTooLarge, "payload_too_large", "The request body is too large.",
                $"At most {limit / 1024} KiB here.").ExecuteAsync(http);
            return;
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature) feature.MaxRequestBodySize = limit;
        await next(http);
    });

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            if (http.Request.Path.StartsWithSegments("/api"))
            {
                headers.CacheControl = "no-store";
                headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
            }
            if (http.Request.IsHttps) headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
            return Task.CompletedTask;
        });
        return next(http);
    });

    private static bool IsUpload(HttpRequest request) =>
        HttpMethods.IsPut(request.Method) && request.Path.Value?.EndsWith("/seal-scan", StringComparison.Ordinal) == true;
}
