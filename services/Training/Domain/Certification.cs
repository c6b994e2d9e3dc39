using JasperFx;
using Kechuang.BuildingBlocks.Domain;

namespace Kechuang.Training.Domain;

/// <summary>Levels of 科技辅导教师专业水平认证.</summary>
public enum CertificationLevel
{
    /// <summary>初级</summary>
    Primary,

    /// <summary>中级</summary>
    Intermediate,

    /// <summary>高级</summary>
    Senior,
}

public enum AssessmentPart
{
    /// <summary>笔试</summary>
    Written,

    /// <summary>成果材料 (portfolio of guided activities)</summary>
    Portfolio,

    /// <summary>答辩 (oral defence; senior level only)</summary>
    Defence,
}

public enum CertificationStatus
{
    Assessing,
    Certified,
    Refused,
}

/// <summary>An off-campus S&amp;T tutor seeking certification.</summary>
public sealed record Candidate(string Name, string Organization, string Province, string Phone, string Email);

public sealed record CertificationRequested(
    Guid CertificationId, Candidate Candidate, CertificationLevel Level, Actor By, DateTimeOffset At) : IDomainEvent;

public sealed record AssessmentRecorded(Guid CertificationId, AssessmentPart Part, int Score, Actor By, DateTimeOffset At) : IDomainEvent;

public sealed record CandidateCertified(
    Guid CertificationId, string HolderName, CertificationLevel Level, string Title, string CertificateCode, Actor By,
    DateTimeOffset At) : IDomainEvent;

public sealed record CertificationRefused(Guid CertificationId, string? Comment, Actor By, DateTimeOffset At) : IDomainEvent;

/// <summary>The experts who assess the candidate from now on (the whole list, replacing any earlier one).</summary>
public sealed record AssessorsAssigned(Guid CertificationId, IReadOnlyList<Guid> ExpertIds, Actor By, DateTimeOffset At) : IDomainEvent;

public sealed record PartScore(AssessmentPart Part, int Score);

/// <summary>科技辅导教师专业水平认证: a candidate, the level sought, the assessment scores, the decision.</summary>
public sealed record Certification(
    Guid Id, Candidate Candidate, CertificationLevel Level, CertificationStatus Status, IReadOnlyList<PartScore> Scores,
    Actor RequestedBy, DateTimeOffset RequestedAt, string? CertificateCode, string? Comment, DateTimeOffset? DecidedAt) : ILongVersioned
{
    public long Version { get; set; }

    /// <summary>The experts assigned to assess this candidate (their expert ids): only they score it.</summary>
    public IReadOnlyList<Guid> AssessorIds { get; init; } = [];

    public static Certification Create(CertificationRequested e) =>
        new(e.CertificationId, e.Candidate, e.Level, CertificationStatus.Assessing, [], e.By, e.At, null, null, null);

    /// <summary>An expert or trainer key assigned as one of the assessors.</summary>
    public bool AssessedBy(Actor actor) =>
        actor.Is(Roles.Expert, Roles.Trainer) && actor.ExpertId is { } expert && AssessorIds.Contains(expert);

    public Certification Apply(AssessorsAssigned e) => this with { AssessorIds = e.ExpertIds };

    public Certification Apply(AssessmentRecorded e) => this with
    {
        Scores = Scores.Where(s => s.Part != e.Part).Append(new PartScore(e.Part, e.Score)).OrderBy(s => s.Part).ToList(),
    };

    public Certification Apply(CandidateCertified e) =>
        this with { Status = CertificationStatus.Certified, CertificateCode = e.CertificateCode, DecidedAt = e.At };

    public Certification Apply(CertificationRefused e) =>
        this with { Status = CertificationStatus.Refused, Comment = e.Comment, DecidedAt = e.At };
}
