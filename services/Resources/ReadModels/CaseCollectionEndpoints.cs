using Kechuang.BuildingBlocks.Http;
using Kechuang.Resources.Domain;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Kechuang.Resources.ReadModels;

/// <summary><c>GET /case-collections/{year}</c>: JSON, or a printable HTML page for <c>Accept: text/html</c>.</summary>
public static class CaseCollectionEndpoints
{
    public static RouteGroupBuilder MapCaseCollections(this RouteGroupBuilder api)
    {
        api.MapGroup("/case-collections").WithTags("Case collections")
            .MapGet("/{year:int}", Get)
            .Produces<CaseCollection>(contentType: "application/json")
            .Produces(StatusCodes.Status200OK, contentType: "text/html")
            .WithSummary("The year's published project-based-learning cases (科创项目式学习优秀活动案例集).");
        return api;
    }

    private static async Task<Results<Ok<CaseCollection>, ContentHttpResult, ValidationProblem>> Get(
        int year, IQuerySession session, HttpContext http, CancellationToken ct)
    {
        if (year is < 2000 or > 2100) return Problems.Field("year", "must be between 2000 and 2100.");
        var (from, to) = CaseCollection.Span(year);
        var cases = await session.Query<Resource>()
            .Where(r => r.Content.Kind == ResourceKind.Case && r.Status == ResourceStatus.Published
                && r.PublishedAt >= from && r.PublishedAt < to)
            .OrderBy(r => r.PublishedAt)
            .ToListAsync(ct);
        var collection = CaseCollection.Of(year, cases.Select(CaseEntry.From).ToList());
        return WantsHtml(http.Request)
            ? TypedResults.Content(CaseCollectionPage.Render(collection), "text/html; charset=utf-8")
            : TypedResults.Ok(collection);
    }

    /// <summary>HTML when the client ranks text/html above JSON (a browser does; an API client does not ask).</summary>
    internal static bool WantsHtml(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        double Quality(string type) => accept
            .Where(a => a.MatchesMediaType(type) && !a.MatchesAllTypes)
            .Select(a => a.Quality ?? 1.0)
            .DefaultIfEmpty(0)
            .Max();
        var html = Quality("text/html");
        return html > 0 && html >= Quality("application/json");
    }
}
