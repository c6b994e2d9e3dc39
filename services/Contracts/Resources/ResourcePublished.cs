namespace Kechuang.Contracts.Resources;

/// <summary>A resource was published to the catalogue. v1. <paramref name="Province"/> is null (national).</summary>
public sealed record ResourcePublished(
    Guid ResourceId,
    string Title,
    string Kind,
    IReadOnlyList<string> Topics,
    IReadOnlyList<string> Grades,
    string Format,
    bool Featured,
    string? Province,
    DateTimeOffset OccurredAt) : IIntegrationEvent;
