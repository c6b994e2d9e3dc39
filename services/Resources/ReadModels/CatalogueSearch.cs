using Kechuang.BuildingBlocks.Text;
using System.Text;
using System.Text.Json;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Http;
using Kechuang.Resources.Domain;
using Marten;

namespace Kechuang.Resources.ReadModels;

/// <summary>A catalogue search: every filter narrows; lists within a dimension mean "any of".</summary>
public sealed record CatalogueQuery(
    string? Text,
    IReadOnlyList<string> Topics,
    IReadOnlyList<string> Grades,
    IReadOnlyList<ResourceFormat> Formats,
    IReadOnlyList<ResourceKind> Kinds,
    bool? Featured,
    ResourceStatus Status,
    string? ContributorId)
{
    public static CatalogueQuery Published(string? text = null) => new(text, [], [], [], [], null, ResourceStatus.Published, null);
}

/// <summary>A resource as a catalogue result (its body and URL are on <c>GET /resources/{id}</c>).</summary>
public sealed record CatalogueItem(
    Guid Id, string Title, string Summary, ResourceKind Kind, IReadOnlyList<string> Topics, IReadOnlyList<string> Grades,
    ResourceFormat Format, string Provider, string License, ResourceStatus Status, bool Featured,
    DateTimeOffset SubmittedAt, DateTimeOffset? PublishedAt, long Version);

/// <summary>How many results have each topic, grade and format, over the whole filtered result set.</summary>
public sealed record CatalogueFacets(
    IReadOnlyDictionary<string, long> Topic, IReadOnlyDictionary<string, long> Grade, IReadOnlyDictionary<string, long> Format);

public sealed record CataloguePage(IReadOnlyList<CatalogueItem> Items, long Total, CatalogueFacets Facets);

/// <summary>
/// One statement, one round trip: the filtered hits are materialised once, then paged (title
/// matches before summary matches, newest first) and counted per topic, grade and format.
/// </summary>
public static class CatalogueSearch
{
    public static async Task<CataloguePage> RunAsync(
        IQuerySession session, CatalogueQuery query, int skip, int take, CancellationToken ct)
    {
        var args = new List<object>();
        string Arg(object value)
        {
            args.Add(value);
            return "?";
        }

        var table = $"{session.DocumentStore.Options.DatabaseSchemaName}.{ResourceCatalogue.TableName}";
        var text = query.Text is null ? null : SearchText.Fold(query.Text);
        var inTitle = text is null ? "false" : $"strpos(c.title_folded, {Arg(text)}) > 0";

        var where = new StringBuilder($"c.status = {Arg(ApiEnum.Name(query.Status))}");
        if (query.ContributorId is { } contributor) where.Append($" and c.contributor_id = {Arg(contributor)}");
        if (text is not null)
            where.Append($" and c.grams @> {Arg(SearchText.Bigrams(text))}")
                .Append($" and (strpos(c.title_folded, {Arg(text)}) > 0 or strpos(c.summary_folded, {Arg(text)}) > 0)");
        if (query.Topics.Count > 0) where.Append($" and c.topics && {Arg(query.Topics.ToArray())}");
        if (query.Grades.Count > 0) where.Append($" and c.grades && {Arg(query.Grades.ToArray())}");
        if (query.Formats.Count > 0) where.Append($" and c.format = any({Arg(query.Formats.Select(ApiEnum.Name).ToArray())})");
        if (query.Kinds.Count > 0) where.Append($" and c.kind = any({Arg(query.Kinds.Select(ApiEnum.Name).ToArray())})");
        if (query.Featured is { } featured) where.Append($" and c.featured = {Arg(featured)}");

        const string order = "in_title desc, published_at desc nulls last, submitted_at desc, id";
        const string noCounts = "'{}'::jsonb";
        var sql = $"""
            with hits as materialized (
                select c.id, c.topics, c.grades, c.format, c.published_at, c.submitted_at, {inTitle} as in_title
                from {table} c
                where {where}
            ), page as (
                select id, in_title, published_at, submitted_at from hits order by {order} limit {Arg(take)} offset {Arg(skip)}
            )
            select jsonb_build_object(
                'total', (select count(*) from hits),
                'items', coalesce((
                    select jsonb_agg(jsonb_build_object(
                        'id', c.id, 'title', c.title, 'summary', c.summary, 'kind', c.kind, 'topics', c.topics,
                        'grades', c.grades, 'format', c.format, 'provider', c.provider, 'license', c.license,
                        'status', c.status, 'featured', c.featured, 'submittedAt', c.submitted_at,
                        'publishedAt', c.published_at, 'version', c.version)
                        order by p.in_title desc, p.published_at desc nulls last, p.submitted_at desc, p.id)
                    from page p join {table} c on c.id = p.id), '[]'::jsonb),
                'topic', coalesce((select jsonb_object_agg(v, n) from (
                    select t.v, count(*) as n from hits, unnest(hits.topics) as t(v) group by t.v) f), {noCounts}),
                'grade', coalesce((select jsonb_object_agg(v, n) from (
                    select g.v, count(*) as n from hits, unnest(hits.grades) as g(v) group by g.v) f), {noCounts}),
                'format', coalesce((select jsonb_object_agg(format, n) from (
                    select format, count(*) as n from hits group by format) f), {noCounts})
            )::text
            """;

        var json = (await session.AdvancedSql.QueryAsync<string>(sql, ct, [.. args])).Single();
        var raw = JsonSerializer.Deserialize<RawPage>(json, Json.Options)!;
        return new CataloguePage(raw.Items, raw.Total, new CatalogueFacets(Ordered(raw.Topic), Ordered(raw.Grade), Ordered(raw.Format)));
    }

    /// <summary>Largest count first; JSONB objects keep no order of their own.</summary>
    private static IReadOnlyDictionary<string, long> Ordered(Dictionary<string, long> counts) =>
        counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal)
            .ToDictionary(c => c.Key, c => c.Value);

    private sealed record RawPage(
        long Total, List<CatalogueItem> Items, Dictionary<string, long> Topic, Dictionary<string, long> Grade,
        Dictionary<string, long> Format);
}
