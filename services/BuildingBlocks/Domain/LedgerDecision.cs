namespace Kechuang.BuildingBlocks.Domain;

/// <summary>
/// What a rule decided about an aggregate and the ledger locked with it (a quota, a seat list, a
/// schedule): the aggregate's events, the ledger's, and events of further streams that only
/// writers holding the ledger's lock change (the waitlisted enrolment that takes a freed seat);
/// or why not. <see cref="Decision"/> is the one-stream counterpart.
/// </summary>
public readonly record struct LedgerDecision(
    IReadOnlyList<object> Events, IReadOnlyList<object> LedgerEvents, IReadOnlyList<(Guid StreamId, object Event)> Elsewhere,
    DomainError? Error)
{
    public static LedgerDecision Of(IReadOnlyList<object> events, IReadOnlyList<object> ledgerEvents) => new(events, ledgerEvents, [], null);

    public static implicit operator LedgerDecision(DomainError error) => new([], [], [], error);

    /// <summary>A decision about the aggregate alone: the ledger was consulted, not changed.</summary>
    public static implicit operator LedgerDecision(Decision decision) => new(decision.Events, [], [], decision.Error);
}
