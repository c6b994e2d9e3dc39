namespace Kechuang.Contracts.Experts;

/// <summary>
/// An expert was vetted (approved or rejected) by the centre or a province. v1. Training keeps its
/// trainer pool from these: an approved expert with <paramref name="Trainer"/> set may train teachers.
/// <paramref name="Province"/> is null: the expert corps is national.
/// </summary>
public sealed record ExpertVetted(
    Guid ExpertId,
    string Name,
    string Affiliation,
    bool Approved,
    bool Trainer,
    IReadOnlyList<string> Topics,
    IReadOnlyList<string> Provinces,
    string? Province,
    DateTimeOffset OccurredAt) : IIntegrationEvent;
