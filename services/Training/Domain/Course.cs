using JasperFx;
using Kechuang.BuildingBlocks.Domain;

namespace Kechuang.Training.Domain;

/// <summary>The five areas of teachers' science literacy the notice names.</summary>
public enum CourseArea
{
    /// <summary>科技前沿</summary>
    FrontierScience,

    /// <summary>科学发展规律、科学方法</summary>
    ScientificMethod,

    /// <summary>科技创新成果</summary>
    Innovation,

    /// <summary>科学精神、科学家精神</summary>
    ScienceSpirit,

    /// <summary>科技实践活动指导</summary>
    ActivityGuidance,
}

public enum CourseMode
{
    /// <summary>科技辅导员在线学习中心</summary>
    Online,

    /// <summary>At a training practice base.</summary>
    Offline,
}

public enum CourseStatus
{
    /// <summary>Planned; teachers cannot enrol yet.</summary>
    Scheduled,

    /// <summary>Published: teachers enrol until the enrolment deadline.</summary>
    Open,
}

public sealed record CourseSession(DateTimeOffset Start, DateTimeOffset End);

public sealed record CourseScheduled(
    Guid CourseId, string Title, CourseArea Area, CourseMode Mode, Guid? BaseId, IReadOnlyList<Guid> TrainerIds,
    int Capacity, IReadOnlyList<CourseSession> Sessions, int RequiredSessions, bool Rural, DateTimeOffset EnrolmentDeadline,
    Actor By, DateTimeOffset At, string? Province = null) : IDomainEvent;

public sealed record CoursePublished(Guid CourseId, Actor By, DateTimeOffset At) : IDomainEvent;

/// <summary>
/// A teacher-training course. <see cref="Rural"/> marks 送培到基层 courses taken to rural teachers.
/// A teacher completes it by attending at least <see cref="RequiredSessions"/> of its sessions.
/// A course of a <see cref="Province"/> belongs to that province; one without is national (全国).
/// </summary>
public sealed record Course(
    Guid Id, string Title, CourseArea Area, CourseMode Mode, Guid? BaseId, IReadOnlyList<Guid> TrainerIds, int Capacity,
    IReadOnlyList<CourseSession> Sessions, int RequiredSessions, bool Rural, DateTimeOffset EnrolmentDeadline,
    CourseStatus Status, DateTimeOffset ScheduledAt, DateTimeOffset? PublishedAt, string? Province = null) : ILongVersioned
{
    public long Version { get; set; }

    /// <summary>Share of the sessions a teacher must attend when the course does not say otherwise.</summary>
    public const double DefaultAttendanceShare = 0.8;

    public static Course Create(CourseScheduled e) =>
        new(e.CourseId, e.Title, e.Area, e.Mode, e.BaseId, e.TrainerIds, e.Capacity, e.Sessions, e.RequiredSessions, e.Rural,
            e.EnrolmentDeadline, CourseStatus.Scheduled, e.At, null, e.Province);

    public Course Apply(CoursePublished e) =>
        this with { Status = CourseStatus.Open, PublishedAt = e.At };

    /// <summary>At least 80 % of the sessions, rounded up: 5 sessions → 4, 3 → 3, 1 → 1.</summary>
    public static int DefaultRequiredSessions(int sessions) => (int)Math.Ceiling(sessions * DefaultAttendanceShare - 1e-9);

    /// <summary>A national course is everyone's; a province's course is seen only by those not held to another province.</summary>
    public bool VisibleTo(Actor actor) => Province is null || actor.CoversProvince(Province);

    /// <summary>Open and not past the deadline (the deadline instant itself still accepts).</summary>
    public bool AcceptsEnrolmentsAt(DateTimeOffset now) => Status == CourseStatus.Open && now <= EnrolmentDeadline;
}
