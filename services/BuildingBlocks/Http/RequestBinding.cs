using System.Globalization;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Persistence;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Kechuang.BuildingBlocks.Http;

/// <summary>
/// Endpoints take the caller (<see cref="Actor"/>) and the <c>If-Match</c> precondition
/// (<see cref="IfMatch"/>) as parameters, yet neither type knows HTTP: both are registered here as
/// request-scoped services, read from the request (minimal APIs bind a parameter whose type is a
/// registered service from the request's services). An endpoint that takes an <see cref="Actor"/>
/// and is reached without an authenticated caller answers 401 <c>unauthenticated</c>.
/// </summary>
public static class RequestBinding
{
    public static IServiceCollection AddRequestBinding(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.TryAddScoped(sp => Actor.FromPrincipal(Request(sp).HttpContext.User)
            ?? throw new BadHttpRequestException("No authenticated caller.", StatusCodes.Status401Unauthorized));
        services.TryAddScoped(sp => ReadIfMatch(Request(sp)));
        return services;
    }

    /// <summary>Absent or <c>*</c> is <see cref="IfMatch.Any"/>; a header that is not a version is a 400, never a 500.</summary>
    public static IfMatch ReadIfMatch(HttpRequest request)
    {
        var raw = request.Headers.IfMatch.ToString().Trim();
        if (raw.Length == 0 || raw == "*") return IfMatch.Any;
        if (raw.StartsWith("W/", StringComparison.Ordinal)) raw = raw[2..];
        raw = raw.Trim('"');
        if (long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0)
            return new IfMatch(version);
        throw new RequestValidationException(new Dictionary<string, string[]>
        {
            ["If-Match"] = ["must be the ETag of the record, e.g. \"3\"."],
        });
    }

    private static HttpRequest Request(IServiceProvider services) =>
        services.GetRequiredService<IHttpContextAccessor>().HttpContext?.Request
        ?? throw new InvalidOperationException("An Actor or IfMatch is read from an HTTP request; this scope has none.");
}
