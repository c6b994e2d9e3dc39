using JasperFx;
using Kechuang.BuildingBlocks.Domain;

namespace Kechuang.Experts.Domain;

public enum VisitKind
{
    /// <summary>科普报告 (the 科普报告汇).</summary>
    ScienceTalk,

    /// <summary>科技选修课.</summary>
    ElectiveCourse,

    /// <summary>指导科技实践活动.</summary>
    PracticeGuidance,
}

public enum VisitStatus
{
    Open,
    Proposed,
    Confirmed,
    Delivered,
    Cancelled,
}

public sealed record School(string Name, string Province, string? City, string? County, bool Rural);

/// <summary>A school asked for an expert visit.</summary>
public sealed record VisitRequested(
    Guid VisitRequestId, Guid? OrganizationId, School School, VisitKind Kind, string Topic, IReadOnlyList<string> Grades,
    int AudienceSize, IReadOnlyList<TimeSlot> PreferredWindows, int DurationMinutes, string? Notes, Actor By, DateTimeOffset At)
    : IDomainEvent;

/// <summary>The centre or a province proposed an expert and a slot; the expert's schedule holds it.</summary>
public sealed record VisitAssigned(
    Guid VisitRequestId, Guid ExpertId, string ExpertName, DateTimeOffset Start, DateTimeOffset End, Actor By, DateTimeOffset At)
    : IDomainEvent;

public sealed record VisitAccepted(Guid VisitRequestId, Guid ExpertId, string? Reason, Actor By, DateTimeOffset At) : IDomainEvent;

/// <summary>The expert declined: the request is open again and the slot is free.</summary>
public sealed record VisitDeclined(Guid VisitRequestId, Guid ExpertId, string? Reason, Actor By, DateTimeOffset At) : IDomainEvent;

public sealed record VisitCancelled(Guid VisitRequestId, string Reason, Actor By, DateTimeOffset At) : IDomainEvent;

/// <summary>The visit took place. Carries what Outreach counts (school, kind, topic).</summary>
public sealed record VisitDelivered(
    Guid VisitRequestId, Guid ExpertId, School School, VisitKind Kind, string Topic, DateTimeOffset DeliveredAt,
    int AudienceCount, int DurationMinutes, Actor By, DateTimeOffset At) : IDomainEvent;

public sealed record VisitFeedbackGiven(Guid VisitRequestId, int Rating, string? Comment, Actor By, DateTimeOffset At) : IDomainEvent;

public sealed record Assignment(Guid ExpertId, string ExpertName, DateTimeOffset Start, DateTimeOffset End)
{
    public TimeSlot Slot => new(Start, End);
}

public sealed record Delivery(DateTimeOffset DeliveredAt, int AudienceCount, int DurationMinutes);

public sealed record Feedback(int Rating, string? Comment, DateTimeOffset At);

/// <summary>
/// A school's request for an expert visit: open → proposed → confirmed (or back to open when
/// declined) → delivered → feedback; cancelled at any point before delivery.
/// </summary>
public sealed record VisitRequest(
    Guid Id, Guid? OrganizationId, School School, VisitKind Kind, string Topic, IReadOnlyList<string> Grades,
    int AudienceSize, IReadOnlyList<TimeSlot> PreferredWindows, int DurationMinutes, string? Notes, VisitStatus Status,
    Guid? ExpertId, Assignment? Assignment, Delivery? Delivery, Feedback? Feedback, string? CancellationReason,
    DateTimeOffset RequestedAt) : ILongVersioned
{
    public long Version { get; set; }

    public static VisitRequest Create(VisitRequested e) =>
        new(e.VisitRequestId, e.OrganizationId, e.School, e.Kind, e.Topic, e.Grades, e.AudienceSize, e.PreferredWindows,
            e.DurationMinutes, e.Notes, VisitStatus.Open, null, null, null, null, null, e.At);

    public VisitRequest Apply(VisitAssigned e) => this with
    {
        Status = VisitStatus.Proposed,
        ExpertId = e.ExpertId,
        Assignment = new Assignment(e.ExpertId, e.ExpertName, e.Start, e.End),
    };

    public VisitRequest Apply(VisitAccepted _) => this with { Status = VisitStatus.Confirmed };

    public VisitRequest Apply(VisitDeclined _) => this with { Status = VisitStatus.Open, ExpertId = null, Assignment = null };

    public VisitRequest Apply(VisitCancelled e) => this with { Status = VisitStatus.Cancelled, CancellationReason = e.Reason };

    public VisitRequest Apply(VisitDelivered e) => this with
    {
        Status = VisitStatus.Delivered,
        Delivery = new Delivery(e.DeliveredAt, e.AudienceCount, e.DurationMinutes),
    };

    public VisitRequest Apply(VisitFeedbackGiven e) => this with { Feedback = new Feedback(e.Rating, e.Comment, e.At) };

    /// <summary>Holds a slot in the expert's schedule.</summary>
    public bool HoldsSlot => Status is VisitStatus.Proposed or VisitStatus.Confirmed;
}
