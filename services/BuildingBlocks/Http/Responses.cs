using Kechuang.BuildingBlocks.Persistence;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kechuang.BuildingBlocks.Http;

/// <summary>
/// Responses that carry the record's version as an ETag. Endpoints that change state answer
/// <c>Results&lt;Ok|Created, ValidationProblem, ProblemHttpResult&gt;</c>: the view, a 400 with field
/// errors, or a rule's problem.
/// </summary>
public static class Responses
{
    public static Results<Ok<TView>, ValidationProblem, ProblemHttpResult> Respond<T, TView>(
        this Outcome<T> outcome, HttpContext http, Func<T, TView> view) where T : class
    {
        if (outcome.Error is { } error) return error.ToProblem();
        http.Response.Headers.ETag = IfMatch.ETag(outcome.Version);
        return TypedResults.Ok(view(outcome.State!));
    }

    public static Results<Created<TView>, ValidationProblem, ProblemHttpResult> RespondCreated<T, TView>(
        this Outcome<T> outcome, HttpContext http, string location, Func<T, TView> view) where T : class
    {
        if (outcome.Error is { } error) return error.ToProblem();
        http.Response.Headers.ETag = IfMatch.ETag(outcome.Version);
        return TypedResults.Created(location, view(outcome.State!));
    }

    public static Ok<TView> OkWithETag<TView>(this HttpContext http, TView view, long version)
    {
        http.Response.Headers.ETag = IfMatch.ETag(version);
        return TypedResults.Ok(view);
    }
}
