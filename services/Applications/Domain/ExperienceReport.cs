using JasperFx;
using Kechuang.BuildingBlocks.Domain;

namespace Kechuang.Applications.Domain;

/// <summary>A pilot (or its province) submitted a typical experience report (典型经验).</summary>
public sealed record ExperienceReportSubmitted(
    Guid ReportId, Guid PilotId, string PilotName, string Province, Guid? OrganizationId, string Title, string Body,
    Actor By, DateTimeOffset At) : IDomainEvent;

/// <summary>The national centre published it (on the platform, in 《中国科技教育》, on news sites).</summary>
public sealed record ExperienceReportPublished(Guid ReportId, Actor By, DateTimeOffset At) : IDomainEvent;

public enum ExperienceReportStatus
{
    Submitted,
    Published,
}

public sealed record ExperienceReport(
    Guid Id, Guid PilotId, string PilotName, string Province, Guid? OrganizationId, string Title, string Body,
    ExperienceReportStatus Status, DateTimeOffset SubmittedAt, DateTimeOffset? PublishedAt) : ILongVersioned
{
    public long Version { get; set; }

    public static ExperienceReport Create(ExperienceReportSubmitted e) =>
        new(e.ReportId, e.PilotId, e.PilotName, e.Province, e.OrganizationId, e.Title, e.Body,
            ExperienceReportStatus.Submitted, e.At, null);

    public ExperienceReport Apply(ExperienceReportPublished e) =>
        this with { Status = ExperienceReportStatus.Published, PublishedAt = e.At };

    /// <summary>
    /// Published reports are for everyone (an actor held to a province: of its province); a
    /// submitted one only for its pilot, its province and the centre.
    /// </summary>
    public bool IsVisibleTo(Actor actor) => actor.CoversProvince(Province)
        && (Status == ExperienceReportStatus.Published || actor.IsNational || actor.Role switch
        {
            Roles.Province => true,
            Roles.Unit => actor.OrganizationId is { } org && OrganizationId == org,
            _ => false,
        });

    public static Decision Publish(ExperienceReport report, Actor actor, DateTimeOffset now) =>
        report.Status == ExperienceReportStatus.Published
            ? DomainError.InvalidState("The experience report is already published.")
            : Decision.Of(new ExperienceReportPublished(report.Id, actor, now));
}
