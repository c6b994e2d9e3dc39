using Kechuang.BuildingBlocks.Text;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Http;
using Kechuang.Resources.Domain;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kechuang.Resources.ReadModels;

/// <summary><c>GET /resources?q&amp;topic&amp;grade&amp;format&amp;kind&amp;featured&amp;status</c>: the catalogue, with facets.</summary>
public static class SearchEndpoints
{
    /// <summary>The query string; repeat <c>topic</c>, <c>grade</c>, <c>format</c> or <c>kind</c> for "any of".</summary>
    public sealed record SearchParameters(
        string? Q, string[]? Topic, string[]? Grade, string[]? Format, string[]? Kind, string? Featured, string? Status);

    /// <summary><c>{items, total, page, pageSize, facets}</c>.</summary>
    public sealed record SearchResponse(
        IReadOnlyList<CatalogueItem> Items, long Total, int Page, int PageSize, CatalogueFacets Facets);

    public static RouteGroupBuilder MapSearch(this RouteGroupBuilder api)
    {
        api.MapGroup("/resources").WithTags("Resources")
            .MapGet("/", Search)
            .WithSummary("Search the catalogue: q matches any substring of two or more characters of the title or summary.");
        return api;
    }

    /// <summary>The query the parameters ask for; their field errors go to <paramref name="v"/>.</summary>
    internal static CatalogueQuery Parse(Validator v, SearchParameters p, Actor actor)
    {
        string? text = null;
        if (p.Q is not null)
        {
            text = p.Q.Trim();
            var length = Vocabulary.CharacterCount(text);
            if (length < SearchText.MinQueryLength) v.Add("q", $"must have at least {SearchText.MinQueryLength} characters.");
            if (length > SearchText.MaxQueryLength) v.Add("q", $"must have at most {SearchText.MaxQueryLength} characters.");
        }
        var topics = p.Topic ?? [];
        foreach (var topic in topics) v.Topic("topic", topic);
        var grades = p.Grade ?? [];
        v.Grades("grade", grades, atLeastOne: false);
        var formats = v.Enums<ResourceFormat>("format", p.Format);
        var kinds = v.Enums<ResourceKind>("kind", p.Kind);
        var featured = v.Boolean("featured", p.Featured);
        var status = v.Enum<ResourceStatus>("status", p.Status) ?? ResourceStatus.Published;

        // The catalogue is what is published. Other statuses are the centre's work queue; anyone
        // else asking for them sees only what they contributed themselves.
        var contributor = status == ResourceStatus.Published || actor.IsNational ? null : actor.Id;
        return new CatalogueQuery(text, topics, grades, formats, kinds, featured, status, contributor);
    }

    private static async Task<Results<Ok<SearchResponse>, ValidationProblem>> Search(
        [AsParameters] SearchParameters parameters, PageRequest page, Actor actor, IQuerySession session, CancellationToken ct)
    {
        var v = new Validator();
        var query = Parse(v, parameters, actor);
        if (!v.IsValid) return v.ToProblem();
        var result = await CatalogueSearch.RunAsync(session, query, page.Skip, page.PageSize, ct);
        return TypedResults.Ok(new SearchResponse(result.Items, result.Total, page.Page, page.PageSize, result.Facets));
    }
}
