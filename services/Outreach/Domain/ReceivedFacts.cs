using Kechuang.BuildingBlocks.Domain;

namespace Kechuang.Outreach.Domain;

/// <summary>A rural school as another service's event named it.</summary>
public sealed record RuralSchool(string Name, string Province, string? City, string? County)
{
    public string CountyKey() => Places.CountyKey(Province, City, County);

    public string Key() => Places.SchoolKey(Province, City, County, Name);
}

/// <summary>An expert of the 大手拉小手 corps delivered a visit to a rural school (from Experts' <c>VisitDelivered</c>).</summary>
public sealed record ExpertVisitReceived(
    Guid VisitRequestId, Guid ExpertId, RuralSchool School, string Kind, int AudienceCount, DateTimeOffset DeliveredAt,
    Actor By, DateTimeOffset At) : IDomainEvent;

/// <summary>A resource or package reached a rural school (from Resources' <c>ResourceDelivered</c>).</summary>
public sealed record ResourceDeliveryReceived(
    Guid DeliveryId, Guid? ResourceId, Guid? PackageId, RuralSchool School, string Mode, DateTimeOffset DeliveredAt,
    Actor By, DateTimeOffset At) : IDomainEvent;

/// <summary>A rural school's teacher completed a course (from Training's <c>TrainingCompleted</c>); no personal data is kept.</summary>
public sealed record TeacherTrainingReceived(
    Guid EnrolmentId, Guid CourseId, RuralSchool School, DateTimeOffset CompletedAt, Actor By, DateTimeOffset At) : IDomainEvent;

/// <summary>A pilot unit or pilot city was designated (from Applications' <c>PilotDesignated</c>).</summary>
public sealed record PilotDesignationReceived(
    Guid PilotId, PilotKind Kind, string Name, string Province, string? City, string? County, DateTimeOffset DesignatedAt,
    Actor By, DateTimeOffset At) : IDomainEvent;

public enum PilotKind
{
    /// <summary>试点单位.</summary>
    PilotUnit,

    /// <summary>试点城市.</summary>
    PilotCity,
}

/// <summary>
/// Every fact Outreach receives is an event in its own store, on a stream of its own whose id
/// is derived from the source record (a visit request, a delivery, an enrolment, a pilot): the
/// same fact arriving twice, even under another message id, finds its stream and is not
/// counted again, and the coverage read model can be rebuilt from these streams alone.
/// </summary>
public static class ReceivedFacts
{
    /// <summary>A name-based UUID (version 8) whose namespace is the name's <c>kechuang-outreach:</c> prefix.</summary>
    public static Guid StreamId(string source, Guid sourceId) => NameBasedGuid.V8Sha256($"kechuang-outreach:{source}:{sourceId:N}");
}
