namespace Kechuang.Dashboard.Api;

/// <summary>Rural coverage of one province, city or county.</summary>
public sealed record CoverageRowDto(
    string Province, string? City, string? County, int SchoolsReached, int StudentsReached, int TeachersTrained,
    int ActivitiesHeld, int ExpertVisits, int ResourcesDelivered);

public sealed record TargetsDto(int Schools, int Teachers, int Activities);

public sealed record CampaignDto(
    Guid Id, string Name, string Kind, IReadOnlyList<string> Provinces, DateOnly StartsOn, DateOnly EndsOn, TargetsDto Targets,
    string Status, long Version);

public sealed record ProgressDto(Guid CampaignId, string Status, TargetsDto Targets, TargetsDto Achieved);

public sealed partial class KechuangApi
{
    /// <summary><paramref name="level"/>: <c>province</c>, <c>city</c> or <c>county</c>.</summary>
    public Task<ApiResult<Paged<CoverageRowDto>>> CoverageAsync(string level, string? province, string? city, CancellationToken ct = default) =>
        GetAsync<Paged<CoverageRowDto>>(Query("/api/v1/coverage", ("level", level), ("province", province), ("city", city),
            ("pageSize", 200)), ct);

    public Task<ApiResult<Paged<CampaignDto>>> CampaignsAsync(int page, int pageSize, CancellationToken ct = default) =>
        GetAsync<Paged<CampaignDto>>(Query("/api/v1/campaigns", ("page", page), ("pageSize", pageSize)), ct);

    public Task<ApiResult<ProgressDto>> CampaignProgressAsync(Guid id, CancellationToken ct = default) =>
        GetAsync<ProgressDto>($"/api/v1/campaigns/{id}/progress", ct);
}
