namespace Kechuang.Dashboard.Api;

public sealed record ResourceItemDto(
    Guid Id, string Title, string Summary, string Kind, IReadOnlyList<string> Topics, IReadOnlyList<string> Grades,
    string Format, string Provider, string License, string Status, bool Featured, DateTimeOffset SubmittedAt,
    DateTimeOffset? PublishedAt, long Version);

public sealed record FacetsDto(
    IReadOnlyDictionary<string, long> Topic, IReadOnlyDictionary<string, long> Grade, IReadOnlyDictionary<string, long> Format);

/// <summary>A page of the catalogue with its facets.</summary>
public sealed record ResourcePageDto(IReadOnlyList<ResourceItemDto> Items, long Total, int Page, int PageSize, FacetsDto? Facets);

public sealed record ResourceSearch(string? Q, string? Topic, string? Grade, string? Format, bool? Featured, string? Status);

public sealed partial class KechuangApi
{
    public Task<ApiResult<ResourcePageDto>> ResourcesAsync(ResourceSearch s, int page, int pageSize, CancellationToken ct = default) =>
        GetAsync<ResourcePageDto>(Query("/api/v1/resources", ("q", s.Q), ("topic", s.Topic), ("grade", s.Grade),
            ("format", s.Format), ("featured", s.Featured), ("status", s.Status), ("page", page), ("pageSize", pageSize)), ct);

    public Task<ApiResult<ResourceItemDto>> ReviewResourceAsync(Guid id, string decision, string? comment, long version) =>
        PostAsync<ResourceItemDto>($"/api/v1/resources/{id}/review", new { decision, comment }, version);

    /// <summary><c>publish</c>, <c>feature</c>, <c>unfeature</c> or <c>archive</c>.</summary>
    public Task<ApiResult<ResourceItemDto>> CurateResourceAsync(Guid id, string action, long version) =>
        PostAsync<ResourceItemDto>($"/api/v1/resources/{id}/{action}", new { }, version);
}
