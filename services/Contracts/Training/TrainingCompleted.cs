namespace Kechuang.Contracts.Training;

/// <summary>
/// A teacher completed a course and received a certificate. v1. Outreach counts rural teachers
/// trained; <paramref name="School"/> is the teacher's school (its rural flag is the teacher's).
/// </summary>
public sealed record TrainingCompleted(
    Guid EnrolmentId,
    Guid CourseId,
    string CourseTitle,
    string TeacherName,
    SchoolRef School,
    string CertificateCode,
    DateTimeOffset CompletedAt,
    string? Province,
    DateTimeOffset OccurredAt) : IIntegrationEvent;
