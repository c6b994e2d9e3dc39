namespace Kechuang.Dashboard.Api;

public sealed record CallDto(
    Guid Id, string Title, int Year, IReadOnlyList<string> Kinds, DateTimeOffset OpensAt, DateTimeOffset Deadline,
    int CityQuotaPerProvince, string Status, long Version);

public sealed record ApplicantDto(
    string Name, string Type, string Province, string City, string? County, string Address, string ContactName, string Phone,
    string Email);

public sealed record SealScanDto(string Sha256, long Size, string ContentType, DateTimeOffset UploadedAt);

public sealed record ReviewDto(int Score, string? Comment, ActorDto By, DateTimeOffset At);

public sealed record VerdictDto(string Decision, string? Comment, ActorDto By, DateTimeOffset At);

/// <summary>A pilot unit (附件1) or pilot city (附件2) application.</summary>
public sealed record ApplicationDto(
    Guid Id, Guid CallId, string Kind, string Status, ApplicantDto Applicant, string TrackRecord, string WorkPlan,
    SealScanDto? SealScan, IReadOnlyList<ReviewDto> Reviews, double? AverageScore, VerdictDto? Recommendation,
    VerdictDto? Designation, Guid? PilotId, DateTimeOffset DraftedAt, DateTimeOffset? SubmittedAt, long Version);

public sealed record PilotDto(
    Guid Id, Guid ApplicationId, Guid CallId, int Year, string Kind, string Name, string Province, string City,
    DateTimeOffset DesignatedAt);

public sealed record ApplicationFilter(Guid? CallId, string? Province, string? Status, string? Kind, string? Q);

public sealed partial class KechuangApi
{
    public Task<ApiResult<Paged<CallDto>>> CallsAsync(CancellationToken ct = default) =>
        GetAsync<Paged<CallDto>>("/api/v1/calls?pageSize=100", ct);

    public Task<ApiResult<ApplicationsSummaryDto>> ApplicationsSummaryAsync(CancellationToken ct = default) =>
        GetAsync<ApplicationsSummaryDto>("/api/v1/applications/summary", ct);

    public Task<ApiResult<Paged<ApplicationDto>>> ApplicationsAsync(ApplicationFilter f, int page, int pageSize, CancellationToken ct = default) =>
        GetAsync<Paged<ApplicationDto>>(Query("/api/v1/applications", ("callId", f.CallId), ("province", f.Province),
            ("status", f.Status), ("kind", f.Kind), ("q", f.Q), ("page", page), ("pageSize", pageSize)), ct);

    public Task<ApiResult<ApplicationDto>> ApplicationAsync(Guid id, CancellationToken ct = default) =>
        GetAsync<ApplicationDto>($"/api/v1/applications/{id}", ct);

    public Task<ApiResult<IReadOnlyList<HistoryEntryDto>>> ApplicationHistoryAsync(Guid id, CancellationToken ct = default) =>
        GetAsync<IReadOnlyList<HistoryEntryDto>>($"/api/v1/applications/{id}/history", ct);

    public Task<ApiResult<ApplicationDto>> RecommendAsync(Guid id, string decision, string? comment, long version) =>
        PostAsync<ApplicationDto>($"/api/v1/applications/{id}/recommendation", new { decision, comment }, version);

    public Task<ApiResult<ApplicationDto>> ReviewAsync(Guid id, int? score, string? comment, long version) =>
        PostAsync<ApplicationDto>($"/api/v1/applications/{id}/reviews", new { score, comment }, version);

    public Task<ApiResult<ApplicationDto>> DesignateAsync(Guid id, string decision, string? comment, long version) =>
        PostAsync<ApplicationDto>($"/api/v1/applications/{id}/designation", new { decision, comment }, version);

    public Task<ApiResult<Paged<PilotDto>>> PilotsAsync(string? province, int page, int pageSize, CancellationToken ct = default) =>
        GetAsync<Paged<PilotDto>>(Query("/api/v1/pilots", ("province", province), ("page", page), ("pageSize", pageSize)), ct);
}

public sealed record RegionCountDto(string Region, int Applications, int Designated);

public sealed record DayCountDto(DateOnly Day, int Submitted, int Designated);

public sealed record ApplicationsSummaryDto(
    int Total, IReadOnlyDictionary<string, int> ByStatus, IReadOnlyList<RegionCountDto> ByRegion, IReadOnlyList<DayCountDto> ByDay);
