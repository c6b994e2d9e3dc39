using JasperFx;
using Kechuang.BuildingBlocks.Domain;

namespace Kechuang.Resources.Domain;

/// <summary>What a package holds: a curated, ordered set of published resources for an audience.</summary>
public sealed record PackageContent(string Title, string Description, IReadOnlyList<Guid> ResourceIds, string Audience)
{
    public bool SameAs(PackageContent other) =>
        Title == other.Title && Description == other.Description && Audience == other.Audience
        && ResourceIds.SequenceEqual(other.ResourceIds);
}

/// <summary>A resource package (资源包, e.g. 助推"双减") was drafted by the centre.</summary>
public sealed record PackageDrafted(Guid PackageId, PackageContent Content, Actor By, DateTimeOffset At) : IDomainEvent;

/// <summary>The draft was edited before its first publication.</summary>
public sealed record PackageRevised(Guid PackageId, PackageContent Content, Actor By, DateTimeOffset At) : IDomainEvent;

/// <summary>
/// An edition of the package was published: the first on publication, a new one each time a
/// published package is edited. Topics and grades are the union of its resources', what
/// subscribing schools are matched on.
/// </summary>
public sealed record PackagePublished(
    Guid PackageId, int Edition, PackageContent Content, IReadOnlyList<string> Topics, IReadOnlyList<string> Grades,
    Actor By, DateTimeOffset At) : IDomainEvent;

public enum PackageStatus
{
    Draft,
    Published,
}

/// <summary>One published edition: what the package held from <see cref="PublishedAt"/> on.</summary>
public sealed record PackageEdition(int Edition, PackageContent Content, IReadOnlyList<string> Topics, IReadOnlyList<string> Grades, DateTimeOffset PublishedAt);

/// <summary>
/// A resource package. Published editions never change: editing a published package publishes a
/// new edition, and schools that subscribe receive it again.
/// </summary>
public sealed record Package(
    Guid Id, PackageContent Content, PackageStatus Status, int Edition, IReadOnlyList<PackageEdition> Editions,
    Actor CreatedBy, DateTimeOffset CreatedAt) : ILongVersioned
{
    public long Version { get; set; }

    public static Package Create(PackageDrafted e) => new(e.PackageId, e.Content, PackageStatus.Draft, 0, [], e.By, e.At);

    public Package Apply(PackageRevised e) => this with { Content = e.Content };

    public Package Apply(PackagePublished e) => this with
    {
        Content = e.Content,
        Status = PackageStatus.Published,
        Edition = e.Edition,
        Editions = [.. Editions, new PackageEdition(e.Edition, e.Content, e.Topics, e.Grades, e.At)],
    };

    /// <summary>Drafts are the centre's work in progress; published packages are public.</summary>
    public bool IsVisibleTo(Actor actor) => Status == PackageStatus.Published || actor.IsNational;
}
