using Kechuang.BuildingBlocks.Domain;

namespace Kechuang.Resources.Domain;

/// <summary>Packages as pure decisions. <c>resources</c> are the current states of the content's resource ids.</summary>
public static class PackageRules
{
    public static Decision Draft(Guid id, PackageContent content, IReadOnlyList<Resource> resources, DateTimeOffset now, Actor actor) =>
        Unpublished(content, resources) ?? Decision.Of(new PackageDrafted(id, content, actor, now));

    /// <summary>A draft is edited in place; a published package gets a new edition (nothing, if nothing changed).</summary>
    public static Decision Revise(Package package, PackageContent content, IReadOnlyList<Resource> resources, DateTimeOffset now, Actor actor)
    {
        if (Unpublished(content, resources) is { } error) return error;
        if (package.Status == PackageStatus.Draft) return Decision.Of(new PackageRevised(package.Id, content, actor, now));
        if (package.Content.SameAs(content)) return Decision.Of();
        return Decision.Of(Edition(package.Id, package.Edition + 1, content, resources, now, actor));
    }

    public static Decision Publish(Package package, IReadOnlyList<Resource> resources, DateTimeOffset now, Actor actor)
    {
        if (package.Status == PackageStatus.Published)
            return DomainError.InvalidState($"The package is already published (edition {package.Edition}); edit it to publish a new edition.");
        if (Unpublished(package.Content, resources) is { } error) return error;
        return Decision.Of(Edition(package.Id, 1, package.Content, resources, now, actor));
    }

    private static PackagePublished Edition(
        Guid id, int edition, PackageContent content, IReadOnlyList<Resource> resources, DateTimeOffset now, Actor actor)
    {
        var topics = resources.SelectMany(r => r.Content.Topics).Distinct().Order(StringComparer.Ordinal).ToList();
        var grades = resources.SelectMany(r => r.Content.Grades).Distinct().OrderBy(GradeNumber).ToList();
        return new PackagePublished(id, edition, content, topics, grades, actor, now);
    }

    /// <summary>Only published resources go into a package.</summary>
    private static DomainError? Unpublished(PackageContent content, IReadOnlyList<Resource> resources)
    {
        var published = resources.Where(r => r.Status == ResourceStatus.Published).Select(r => r.Id).ToHashSet();
        var missing = content.ResourceIds.Where(id => !published.Contains(id)).ToList();
        return missing.Count == 0
            ? null
            : DomainError.InvalidState($"Only published resources go into a package; not published: {string.Join(", ", missing)}.");
    }

    private static int GradeNumber(string grade) => int.TryParse(grade.AsSpan("grade-".Length), out var n) ? n : int.MaxValue;
}
