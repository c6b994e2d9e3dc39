using JasperFx;
using Kechuang.BuildingBlocks.Domain;

namespace Kechuang.Training.Domain;

/// <summary>What kind of place hosts a 培训实践基地 (training practice base).</summary>
public enum BaseKind
{
    University,
    ScienceVenue,
    Enterprise,
    School,
    Other,
}

public sealed record TrainingBaseRegistered(
    Guid BaseId, string Name, BaseKind Kind, string Province, string City, string Address, Actor By, DateTimeOffset At)
    : IDomainEvent;

/// <summary>培训实践基地: a university, science venue, enterprise or school where offline courses take place.</summary>
public sealed record TrainingBase(
    Guid Id, string Name, BaseKind Kind, string Province, string City, string Address, DateTimeOffset RegisteredAt) : ILongVersioned
{
    public long Version { get; set; }

    public static TrainingBase Create(TrainingBaseRegistered e) =>
        new(e.BaseId, e.Name, e.Kind, e.Province, e.City, e.Address, e.At);
}
