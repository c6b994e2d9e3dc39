namespace Kechuang.BuildingBlocks.Domain;

/// <summary>A domain event: a past-tense fact in one service's event store, with who and when.</summary>
public interface IDomainEvent
{
    Actor By { get; }
    DateTimeOffset At { get; }
}
