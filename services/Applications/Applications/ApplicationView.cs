using Kechuang.Applications.Domain;

namespace Kechuang.Applications.Applications;

/// <summary>An application as the API returns it.</summary>
public sealed record ApplicationView(
    Guid Id, Guid CallId, PilotKind Kind, ApplicationStatus Status, Applicant Applicant, string TrackRecord,
    string WorkPlan, Guid? OrganizationId, SealScan? SealScan, IReadOnlyList<Review> Reviews, double? AverageScore,
    Verdict? Recommendation, Verdict? Designation, Guid? PilotId, DateTimeOffset DraftedAt, DateTimeOffset? SubmittedAt,
    long Version)
{
    public static ApplicationView From(Application a, long version) =>
        new(a.Id, a.CallId, a.Kind, a.Status, a.Applicant, a.TrackRecord, a.WorkPlan, a.OrganizationId, a.SealScan,
            a.Reviews, a.AverageScore, a.Recommendation, a.Designation, a.PilotId, a.DraftedAt, a.SubmittedAt, version);

    /// <summary>From the inline snapshot, whose <see cref="Application.Version"/> Marten keeps at the stream version.</summary>
    public static ApplicationView From(Application a) => From(a, a.Version);
}
