namespace Kechuang.Dashboard.Api;

public sealed record ExpertSummaryDto(
    Guid Id, string Name, string Affiliation, string Title, string Category, IReadOnlyList<string> Disciplines,
    IReadOnlyList<string> Topics, IReadOnlyList<string> Provinces, int MaxVisitsPerMonth, bool Trainer, string Status,
    DateTimeOffset RegisteredAt);

public sealed record VettingDto(string Decision, string? Comment, ActorDto By, DateTimeOffset At);

public sealed record ExpertDto(
    Guid Id, string Name, string Affiliation, string Title, string Category, IReadOnlyList<string> Disciplines,
    IReadOnlyList<string> Topics, IReadOnlyList<string> Provinces, string? Phone, string? Email, string? Bio,
    int MaxVisitsPerMonth, bool Trainer, string Status, VettingDto? Vetting, IReadOnlyList<TimeSlotDto> Availability,
    DateTimeOffset RegisteredAt, long Version);

public sealed record SchoolDto(string Name, string Province, string? City, string? County, bool Rural);

public sealed record AssignmentDto(Guid ExpertId, string ExpertName, DateTimeOffset Start, DateTimeOffset End);

public sealed record DeliveryDto(DateTimeOffset DeliveredAt, int AudienceCount, int DurationMinutes);

public sealed record FeedbackDto(int Rating, string? Comment, DateTimeOffset At);

public sealed record VisitRequestDto(
    Guid Id, string Status, SchoolDto School, string Kind, string Topic, IReadOnlyList<string> Grades, int AudienceSize,
    IReadOnlyList<TimeSlotDto> PreferredWindows, int DurationMinutes, string? Notes, AssignmentDto? Assignment,
    DeliveryDto? Delivery, FeedbackDto? Feedback, string? CancellationReason, DateTimeOffset RequestedAt, long Version);

public sealed record CandidateDto(
    Guid ExpertId, string Name, string Affiliation, int Score, IReadOnlyList<string> Reasons, TimeSlotDto? SuggestedSlot,
    int UpcomingVisits);

public sealed record ScheduledVisitDto(
    Guid VisitRequestId, string Status, DateTimeOffset Start, DateTimeOffset End, string? Kind, string? Topic, SchoolDto? School);

public sealed record ScheduleDto(Guid ExpertId, IReadOnlyList<TimeSlotDto> Availability, IReadOnlyList<ScheduledVisitDto> Visits);

public sealed record HoursDto(Guid ExpertId, int Visits, int Minutes, double Hours);

public sealed partial class KechuangApi
{
    public Task<ApiResult<Paged<ExpertSummaryDto>>> ExpertsAsync(
        string? status, string? province, string? topic, string? q, int page, int pageSize, CancellationToken ct = default) =>
        GetAsync<Paged<ExpertSummaryDto>>(Query("/api/v1/experts", ("status", status), ("province", province), ("topic", topic),
            ("q", q), ("page", page), ("pageSize", pageSize)), ct);

    public Task<ApiResult<ExpertDto>> ExpertAsync(Guid id, CancellationToken ct = default) =>
        GetAsync<ExpertDto>($"/api/v1/experts/{id}", ct);

    public Task<ApiResult<ExpertDto>> VetAsync(Guid id, string decision, string? comment, long version) =>
        PostAsync<ExpertDto>($"/api/v1/experts/{id}/vetting", new { decision, comment }, version);

    public Task<ApiResult<ScheduleDto>> ScheduleAsync(Guid id, CancellationToken ct = default) =>
        GetAsync<ScheduleDto>($"/api/v1/experts/{id}/schedule", ct);

    public Task<ApiResult<HoursDto>> HoursAsync(Guid id, CancellationToken ct = default) =>
        GetAsync<HoursDto>($"/api/v1/experts/{id}/hours", ct);

    public Task<ApiResult<Paged<VisitRequestDto>>> VisitRequestsAsync(
        string? status, string? province, int page, int pageSize, CancellationToken ct = default) =>
        GetAsync<Paged<VisitRequestDto>>(Query("/api/v1/visit-requests", ("status", status), ("province", province),
            ("page", page), ("pageSize", pageSize)), ct);

    public Task<ApiResult<VisitRequestDto>> VisitRequestAsync(Guid id, CancellationToken ct = default) =>
        GetAsync<VisitRequestDto>($"/api/v1/visit-requests/{id}", ct);

    public Task<ApiResult<IReadOnlyList<CandidateDto>>> CandidatesAsync(Guid id, CancellationToken ct = default) =>
        GetAsync<IReadOnlyList<CandidateDto>>($"/api/v1/visit-requests/{id}/candidates", ct);

    public Task<ApiResult<VisitRequestDto>> AssignAsync(Guid id, Guid expertId, DateTimeOffset? start, DateTimeOffset? end, long version) =>
        PostAsync<VisitRequestDto>($"/api/v1/visit-requests/{id}/assignment", new { expertId, start, end }, version);
}
