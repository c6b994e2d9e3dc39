using Microsoft.AspNetCore.Http;

namespace Kechuang.BuildingBlocks.Http;

/// <summary>
/// Every problem+json carries a <c>code</c>, including those the framework writes itself
/// (unknown route, wrong method, missing identity).
/// </summary>
public static class ProblemCodes
{
    public static void AddCode(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (!problem.Extensions.ContainsKey("code"))
        {
            problem.Extensions["code"] = problem.Status switch
            {
                400 => "bad_request",
                401 => "unauthenticated",
                403 => "forbidden",
                404 => "not_found",
                405 => "method_not_allowed",
                406 => "not_acceptable",
                409 => "conflict",
                412 => "precondition_failed",
                413 => "payload_too_large",
                414 => "uri_too_long",
                415 => "unsupported_media_type",
                429 => "rate_limited",
                503 => "unavailable",
                _ => "error",
            };
        }
        // The type is the page that explains the code (ProblemCatalog), not the RFC's section.
        if (problem.Extensions["code"] is string code) problem.Type = ProblemCatalog.TypeFor(code);
        if (context.HttpContext.Request.Headers.TryGetValue("X-Correlation-Id", out var correlation))
            problem.Extensions["correlationId"] = correlation.ToString();
    }
}
