using System.Text.Json.Serialization;
using JasperFx;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Text;

namespace Kechuang.Applications.Domain;

/// <summary>An applicant drafted a pilot unit (附件1) or pilot city (附件2) application.</summary>
public sealed record ApplicationDrafted(
    Guid ApplicationId, Guid CallId, PilotKind Kind, Applicant Applicant, string TrackRecord, string WorkPlan,
    Guid? OrganizationId, Actor By, DateTimeOffset At) : IDomainEvent;

/// <summary>The form was changed while still a draft or after it was returned for revision.</summary>
public sealed record ApplicationEdited(
    Guid ApplicationId, PilotKind Kind, Applicant Applicant, string TrackRecord, string WorkPlan,
    Actor By, DateTimeOffset At) : IDomainEvent;

/// <summary>The scan of the sealed form (盖章扫描件) was uploaded; the bytes live in the seal scan table.</summary>
public sealed record SealScanUploaded(
    Guid ApplicationId, string Sha256, long Size, string ContentType, Actor By, DateTimeOffset At) : IDomainEvent;

/// <summary>
/// The applicant declared the form true (情况属实) and submitted it. It carries the kind and
/// province the metrics count it by (null in events stored before they were added).
/// </summary>
public sealed record ApplicationSubmitted(
    Guid ApplicationId, string SealScanSha256, Actor By, DateTimeOffset At, PilotKind? Kind = null, string? Province = null) : IDomainEvent;

/// <summary>The provincial association agreed to recommend it (同意推荐); kind and province as <see cref="ApplicationSubmitted"/>.</summary>
public sealed record ApplicationRecommended(
    Guid ApplicationId, string? Comment, Actor By, DateTimeOffset At, PilotKind? Kind = null, string? Province = null) : IDomainEvent;

/// <summary>The provincial association sent it back for revision.</summary>
public sealed record ApplicationReturned(Guid ApplicationId, string Comment, Actor By, DateTimeOffset At) : IDomainEvent;

/// <summary>The provincial association declined to recommend it.</summary>
public sealed record ApplicationNotRecommended(Guid ApplicationId, string Comment, Actor By, DateTimeOffset At) : IDomainEvent;

/// <summary>An expert review score recorded by the national centre.</summary>
public sealed record ApplicationReviewed(Guid ApplicationId, int Score, string? Comment, Actor By, DateTimeOffset At) : IDomainEvent;

/// <summary>The national centre designated the applicant a pilot (命名); carries what the pilot list and other services need.</summary>
public sealed record ApplicationDesignated(
    Guid ApplicationId, Guid PilotId, Guid CallId, int Year, PilotKind Kind, string Name, ApplicantType ApplicantType,
    string Province, string City, string? County, Guid? OrganizationId, string? Comment, Actor By, DateTimeOffset At) : IDomainEvent;

/// <summary>The national centre declined to designate it.</summary>
public sealed record ApplicationDeclined(Guid ApplicationId, string? Comment, Actor By, DateTimeOffset At) : IDomainEvent;

public enum ApplicationStatus
{
    Draft,
    Submitted,
    Recommended,
    Returned,
    NotRecommended,
    Designated,
    Declined,
}

public enum RecommendationDecision
{
    Recommend,
    Return,
    NotRecommend,
}

public enum DesignationDecision
{
    Designate,
    Decline,
}

public sealed record SealScan(string Sha256, long Size, string ContentType, DateTimeOffset UploadedAt);

public sealed record Review(int Score, string? Comment, Actor By, DateTimeOffset At);

/// <summary>The latest decision of a step, with who took it, when and why.</summary>
public sealed record Verdict(string Decision, string? Comment, Actor By, DateTimeOffset At);

/// <summary>
/// 试点申报: one application's life, draft → submitted → recommended | returned | not-recommended →
/// designated | declined.
/// </summary>
public sealed record Application(
    Guid Id, Guid CallId, PilotKind Kind, ApplicationStatus Status, Applicant Applicant, string TrackRecord,
    string WorkPlan, Guid? OrganizationId, SealScan? SealScan, IReadOnlyList<Review> Reviews,
    Verdict? Recommendation, Verdict? Designation, Guid? PilotId, DateTimeOffset DraftedAt,
    DateTimeOffset? SubmittedAt) : ILongVersioned, ISearchable
{
    public long Version { get; set; }

    /// <summary>The organisation's name folded: what the list's <c>?q=</c> finds a part of.</summary>
    public string FoldedText => SearchText.Fold(Applicant.Name);

    [JsonIgnore]
    public string[] SearchGrams => SearchText.Grams(FoldedText);

    public static Application Create(ApplicationDrafted e) =>
        new(e.ApplicationId, e.CallId, e.Kind, ApplicationStatus.Draft, e.Applicant, e.TrackRecord, e.WorkPlan,
            e.OrganizationId, null, [], null, null, null, e.At, null);

    public Application Apply(ApplicationEdited e) =>
        this with { Kind = e.Kind, Applicant = e.Applicant, TrackRecord = e.TrackRecord, WorkPlan = e.WorkPlan };

    public Application Apply(SealScanUploaded e) =>
        this with { SealScan = new SealScan(e.Sha256, e.Size, e.ContentType, e.At) };

    public Application Apply(ApplicationSubmitted e) =>
        this with { Status = ApplicationStatus.Submitted, SubmittedAt = e.At, Recommendation = null };

    public Application Apply(ApplicationRecommended e) =>
        this with { Status = ApplicationStatus.Recommended, Recommendation = new Verdict(ApiEnum.Name(RecommendationDecision.Recommend), e.Comment, e.By, e.At) };

    public Application Apply(ApplicationReturned e) =>
        this with { Status = ApplicationStatus.Returned, Recommendation = new Verdict(ApiEnum.Name(RecommendationDecision.Return), e.Comment, e.By, e.At) };

    public Application Apply(ApplicationNotRecommended e) =>
        this with { Status = ApplicationStatus.NotRecommended, Recommendation = new Verdict(ApiEnum.Name(RecommendationDecision.NotRecommend), e.Comment, e.By, e.At) };

    public Application Apply(ApplicationReviewed e) =>
        this with { Reviews = [.. Reviews, new Review(e.Score, e.Comment, e.By, e.At)] };

    public Application Apply(ApplicationDesignated e) =>
        this with { Status = ApplicationStatus.Designated, PilotId = e.PilotId, Designation = new Verdict(ApiEnum.Name(DesignationDecision.Designate), e.Comment, e.By, e.At) };

    public Application Apply(ApplicationDeclined e) =>
        this with { Status = ApplicationStatus.Declined, Designation = new Verdict(ApiEnum.Name(DesignationDecision.Decline), e.Comment, e.By, e.At) };

    public double? AverageScore => Reviews.Count == 0 ? null : Math.Round(Reviews.Average(r => r.Score), 1);

    /// <summary>
    /// The national roles see every application; a province role only its province's; a unit only
    /// those it created (and, when held to a province, of that province). Anyone else is told the
    /// application does not exist.
    /// </summary>
    public bool IsVisibleTo(Actor actor) => actor.CoversProvince(Applicant.Province) && actor.Role switch
    {
        Roles.Province => true,
        Roles.Unit => actor.OrganizationId is { } org && OrganizationId == org,
        _ => actor.IsNational,
    };

    /// <summary>The applicant's side (the unit, its province, the centre) may fill in and submit the form.</summary>
    public bool IsEditableBy(Actor actor) =>
        actor.Role is Roles.Admin or Roles.Centre || (actor.Role is Roles.Province or Roles.Unit && IsVisibleTo(actor));
}
