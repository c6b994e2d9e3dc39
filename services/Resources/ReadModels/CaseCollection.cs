using Kechuang.Resources.Domain;

namespace Kechuang.Resources.ReadModels;

/// <summary>A case as the year's collection prints it.</summary>
public sealed record CaseEntry(
    Guid Id, string Title, string Summary, IReadOnlyList<string> Topics, IReadOnlyList<string> Grades, ResourceFormat Format,
    string Provider, string License, string? Url, string? Body, DateTimeOffset PublishedAt)
{
    public static CaseEntry From(Resource r) =>
        new(r.Id, r.Content.Title, r.Content.Summary, r.Content.Topics, r.Content.Grades, r.Content.Format, r.Content.Provider,
            r.Content.License, r.Content.Url, r.Content.Body, r.PublishedAt!.Value);
}

/// <summary>科创项目式学习优秀活动案例集: the published cases of one year (Beijing time).</summary>
public sealed record CaseCollection(int Year, string Title, int Total, IReadOnlyList<CaseEntry> Items)
{
    /// <summary>The programme counts years in China Standard Time.</summary>
    public static readonly TimeSpan ChinaStandardTime = TimeSpan.FromHours(8);

    public static (DateTimeOffset From, DateTimeOffset To) Span(int year) =>
        (new DateTimeOffset(year, 1, 1, 0, 0, 0, ChinaStandardTime), new DateTimeOffset(year + 1, 1, 1, 0, 0, 0, ChinaStandardTime));

    public static CaseCollection Of(int year, IReadOnlyList<CaseEntry> items) =>
        new(year, $"{year}年科创项目式学习优秀活动案例集", items.Count, items);
}
