namespace Kechuang.BuildingBlocks.Domain;

/// <summary>What a rule decided: the events to append, or why not.</summary>
public readonly record struct Decision(IReadOnlyList<object> Events, DomainError? Error)
{
    public static Decision Of(params object[] events) => new(events, null);

    public static implicit operator Decision(DomainError error) => new([], error);

    public bool IsError => Error is not null;
}
