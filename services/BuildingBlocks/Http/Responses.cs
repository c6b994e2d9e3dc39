using JasperFx;
using Kechuang.BuildingBlocks.Persistence;
using Marten;
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

    /// <summary>
    /// <c>GET {group}/{id}</c> of one record: its view with its version as the ETag, or a 404 naming
    /// <paramref name="what"/> when there is none or the caller may not see it (as if it did not exist).
    /// </summary>
    public static async Task<Results<Ok<TView>, ProblemHttpResult>> ReadViewAsync<T, TView>(
        this IDocumentSession session, Guid id, HttpContext http, string what, Func<T, bool> canSee,
        Func<T, long, TView> view, CancellationToken ct) where T : class, ILongVersioned
    {
        var (state, version) = await session.ReadAsync<T>(id, ct);
        if (state is null || !canSee(state)) return Problems.NotFound(what);
        return http.OkWithETag(view(state, version), version);
    }
}
