using System.Globalization;
using System.Threading.RateLimiting;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;
using StackExchange.Redis;

namespace Kechuang.Gateway.Limits;

/// <summary>
/// Per-partner rate limits (429 with Retry-After; RateLimit-* headers on every /api answer), a per-address limit on the gateway's readiness
/// probe, request body limits (413) and the security headers every response carries.
/// </summary>
public static class RequestLimits
{
    /// <summary>JSON bodies; a seal scan upload may be up to 10 MiB (plus headroom for the check itself).</summary>
    public const long JsonBodyLimit = 1024 * 1024;
    public const long UploadBodyLimit = 10 * 1024 * 1024 + 64 * 1024;

    /// <summary>The longest request target (path and query) the API takes (<see cref="RequestTargets"/>).</summary>
    public const int RequestTargetLimit = RequestTargets.Limit;

    /// <summary>
    /// The request line Kestrel reads on the gateway. Kestrel refuses a longer line by closing the
    /// connection behind a bare 414, which a client still sending its request sees as a reset; up
    /// to this length the gateway reads the request whole and answers <see cref="RequestTargetLimit"/>'s problem.
    /// Over HTTP/2 the path is a header field, which Kestrel bounds at 16 KiB before this reads it.
    /// </summary>
    public const int RequestLineLimit = 128 * 1024;

    /// <summary>How many connections Kestrel keeps open at once (deploy/ sets it); unlimited unless configured.</summary>
    public const string MaxConnectionsKey = "Kestrel:Limits:MaxConcurrentConnections";

    /// <summary>
    /// Lets Kestrel read request lines up to <see cref="RequestLineLimit"/>, for <see cref="UseRequestTargetLimit"/>
    /// to answer, and caps its connections at <see cref="MaxConnectionsKey"/> (ASP.NET Core binds
    /// endpoints from the <c>Kestrel</c> section, not its limits).
    /// </summary>
    public static WebApplicationBuilder AddRequestLineLimit(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            kestrel.Limits.MaxRequestLineSize = RequestLineLimit;
            if (context.Configuration.GetValue<long?>(MaxConnectionsKey) is { } connections) kestrel.Limits.MaxConcurrentConnections = connections;
        });
        return builder;
    }

    /// <summary>A request target over <see cref="RequestTargetLimit"/> is a 414 problem, on a connection that stays open.</summary>
    public static IApplicationBuilder UseRequestTargetLimit(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        // The target as sent (still percent-encoded), which is what the request line carries; a
        // host without one (the test server) has it encoded again.
        var target = http.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(target)) target = http.Request.GetEncodedPathAndQuery();
        if (target.Length <= RequestTargetLimit) return next(http);
        return Problems.Of(StatusCodes.Status414UriTooLong, "uri_too_long", "The request target is too long.",
            $"Path and query together take at most {RequestTargetLimit / 1024} KiB; send long values in a body.").ExecuteAsync(http);
    });

    public static IServiceCollection AddRequestLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection("Kechuang:RateLimit");
        var perSecond = section.GetValue("PermitsPerSecond", 50);
        var burst = section.GetValue("Burst", 100);
        var healthPerSecond = section.GetValue("HealthPerSecond", 20);
        services.AddSingleton(new PartnerQuota(burst, perSecond));
        // The callers' buckets are shared through Redis when the gateway has one (README "Limits").
        if (configuration.GetConnectionString(SharedBuckets.ConnectionName) is { Length: > 0 } redis)
        {
            // One multiplexer per process; with AbortOnConnectFail off it connects in the background
            // and keeps reconnecting, so the gateway starts (and serves) while Redis is down.
            services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(SharedBuckets.Options(redis)));
            services.AddSingleton(sp => new SharedBuckets(sp.GetRequiredService<IConnectionMultiplexer>(), burst, perSecond,
                sp.GetRequiredService<ILogger<SharedBuckets>>()));
            services.AddHealthChecks().AddCheck<SharedBuckets>("rate-limits", tags: [ServiceDefaultsExtensions.ReadyTag]);
        }
        services.AddSingleton(sp => new CallerLimiter(sp.GetService<SharedBuckets>(), burst, perSecond));
        // The readiness probe's limit stays in each process: it protects that process.
        services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                http.Request.Path.StartsWithSegments(ServiceDefaultsExtensions.ReadyPath)
                    ? PerSecond("ready:" + ClientAddress.Of(http), healthPerSecond, 2 * healthPerSecond)
                    : RateLimitPartition.GetNoLimiter("unlimited"));
            o.OnRejected = (context, _) => RateLimited(context.HttpContext,
                context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1));
        });
        return services;
    }

    /// <summary>
    /// The per-caller limit on <c>/api</c> (a partner's key, a staff account, or else the client
    /// address), and the partner quota's headers (IETF draft <c>RateLimit-*</c>) on every
    /// <c>/api</c> answer, the refused ones too. Runs after authentication and the readiness limiter.
    /// </summary>
    public static IApplicationBuilder UseCallerLimits(this IApplicationBuilder app)
    {
        var limiter = app.ApplicationServices.GetRequiredService<CallerLimiter>();
        var quota = app.ApplicationServices.GetRequiredService<PartnerQuota>();
        return app.Use(async (http, next) =>
        {
            if (!http.Request.Path.StartsWithSegments("/api"))
            {
                await next(http);
                return;
            }
            var take = await limiter.TakeAsync(Actor.FromPrincipal(http.User)?.Id ?? "ip:" + ClientAddress.Of(http));
            quota.Write(http.Response.Headers, take.Admitted ? take.Remaining : 0);
            if (take.Admitted) await next(http);
            else await RateLimited(http, take.RetryAfter);
        });
    }

    private static ValueTask RateLimited(HttpContext http, TimeSpan retryAfter)
    {
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return new(Problems.Of(StatusCodes.Status429TooManyRequests, "rate_limited", "Too many requests.",
            "Slow down and retry after the time in Retry-After.").ExecuteAsync(http));
    }

    internal static RateLimitPartition<string> PerSecond(string partition, int perSecond, int burst) =>
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

/// <summary>
/// A caller's token bucket as headers: <c>RateLimit-Limit</c> (the burst), <c>RateLimit-Remaining</c>
/// (tokens left after this request) and <c>RateLimit-Reset</c> (seconds until the bucket is full
/// again). The values are strings made once, so an answer allocates none.
/// </summary>
public sealed class PartnerQuota
{
    private readonly int _burst;
    private readonly int _perSecond;
    private readonly string[] _numbers;

    public PartnerQuota(int burst, int perSecond)
    {
        _burst = Math.Max(1, burst);
        _perSecond = Math.Max(1, perSecond);
        _numbers = [.. Enumerable.Range(0, _burst + 1).Select(n => n.ToString(CultureInfo.InvariantCulture))];
    }

    public void Write(IHeaderDictionary headers, long remaining)
    {
        var left = (int)Math.Clamp(remaining, 0, _burst);
        headers["RateLimit-Limit"] = _numbers[_burst];
        headers["RateLimit-Remaining"] = _numbers[left];
        headers["RateLimit-Reset"] = _numbers[(_burst - left + _perSecond - 1) / _perSecond];
    }
}

/// <summary>
/// The per-caller limit: the caller's shared bucket (<see cref="SharedBuckets"/>) when the gateway
/// has Redis and Redis answers, otherwise a token bucket of the same size in this process (the
/// only one in a gateway without Redis; each replica's own while Redis does not answer).
/// </summary>
public sealed class CallerLimiter(SharedBuckets? shared, int burst, int perSecond) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _local =
        PartitionedRateLimiter.Create<string, string>(caller => RequestLimits.PerSecond(caller, perSecond, burst));

    public async ValueTask<Take> TakeAsync(string caller) =>
        shared is not null && await shared.TryTakeAsync(caller) is { } take ? take : TakeHere(caller);

    private Take TakeHere(string caller)
    {
        using var lease = _local.AttemptAcquire(caller);
        if (!lease.IsAcquired)
            return new Take(false, 0, lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1));
        return new Take(true, _local.GetStatistics(caller)?.CurrentAvailablePermits ?? 0, TimeSpan.Zero);
    }

    public void Dispose() => _local.Dispose();
}
