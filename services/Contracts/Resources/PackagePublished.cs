namespace Kechuang.Contracts.Resources;

/// <summary>
/// An edition of a resource package (资源包) was published: the first edition on publication, a
/// new one each time the centre edits a published package. v1. <paramref name="Topics"/> and
/// <paramref name="Grades"/> are the union of its resources'. <paramref name="Province"/> is null (national).
/// </summary>
public sealed record PackagePublished(
    Guid PackageId,
    int Edition,
    string Title,
    IReadOnlyList<Guid> ResourceIds,
    IReadOnlyList<string> Topics,
    IReadOnlyList<string> Grades,
    string? Province,
    DateTimeOffset OccurredAt) : IIntegrationEvent;
