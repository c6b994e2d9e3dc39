namespace Kechuang.Dashboard.Api;

public sealed record CourseDto(
    Guid Id, string Title, string Area, string Mode, int Capacity, IReadOnlyList<TimeSlotDto> Sessions, bool Rural,
    DateTimeOffset EnrolmentDeadline, string Status, bool EnrolmentOpen, int Enrolled, int Waitlisted, int SeatsLeft, long Version);

public sealed record CandidateInfoDto(string Name, string Organization, string Province);

public sealed record PartScoreDto(string Part, int Score);

public sealed record CertificationDto(
    Guid Id, CandidateInfoDto Candidate, string Level, string Status, IReadOnlyList<string> RequiredParts,
    IReadOnlyList<PartScoreDto> Scores, int PassMark, string? CertificateCode, DateTimeOffset RequestedAt, long Version);

public sealed partial class KechuangApi
{
    public Task<ApiResult<Paged<CourseDto>>> CoursesAsync(string? status, int page, int pageSize, CancellationToken ct = default) =>
        GetAsync<Paged<CourseDto>>(Query("/api/v1/courses", ("status", status), ("page", page), ("pageSize", pageSize)), ct);

    /// <summary>Certifications still being assessed, the centre's decision queue.</summary>
    public Task<ApiResult<Paged<CertificationDto>>> CertificationsAsync(string? status, int page, int pageSize, CancellationToken ct = default) =>
        GetAsync<Paged<CertificationDto>>(Query("/api/v1/certifications", ("status", status), ("page", page), ("pageSize", pageSize)), ct);

    public Task<ApiResult<CertificationDto>> DecideCertificationAsync(Guid id, string decision, string? comment, long version) =>
        PostAsync<CertificationDto>($"/api/v1/certifications/{id}/decision", new { decision, comment }, version);
}
