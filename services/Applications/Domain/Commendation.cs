using JasperFx;
using Kechuang.BuildingBlocks.Domain;

namespace Kechuang.Applications.Domain;

/// <summary>The national centre commended an outstanding pilot (表彰奖励).</summary>
public sealed record CommendationAwarded(
    Guid CommendationId, Guid PilotId, string PilotName, string Province, int Year, string Title, string Citation,
    Actor By, DateTimeOffset At) : IDomainEvent;

public enum CommendationStatus
{
    Awarded,
}

public sealed record Commendation(
    Guid Id, Guid PilotId, string PilotName, string Province, int Year, string Title, string Citation,
    CommendationStatus Status, DateTimeOffset AwardedAt) : ILongVersioned
{
    public long Version { get; set; }

    public static Commendation Create(CommendationAwarded e) =>
        new(e.CommendationId, e.PilotId, e.PilotName, e.Province, e.Year, e.Title, e.Citation, CommendationStatus.Awarded, e.At);
}
