namespace Kechuang.Contracts.Experts;

/// <summary>
/// An expert delivered a visit (science talk, elective course, practice guidance) to a school. v1.
/// Outreach counts it for rural schools. <paramref name="Kind"/> is <c>science-talk</c>,
/// <c>elective-course</c> or <c>practice-guidance</c>.
/// </summary>
public sealed record VisitDelivered(
    Guid VisitRequestId,
    Guid ExpertId,
    SchoolRef School,
    string Kind,
    string Topic,
    int AudienceCount,
    int DurationMinutes,
    DateTimeOffset DeliveredAt,
    string? Province,
    DateTimeOffset OccurredAt) : IIntegrationEvent;
