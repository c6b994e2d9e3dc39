using JasperFx;
using Kechuang.BuildingBlocks.Domain;

namespace Kechuang.Resources.Domain;

/// <summary>What a resource is, as its contributor describes it (and may revise while under review).</summary>
public sealed record ResourceContent(
    string Title, string Summary, ResourceKind Kind, IReadOnlyList<string> Topics, IReadOnlyList<string> Grades,
    ResourceFormat Format, string Provider, string License, string? Url, string? Body);

/// <summary>A resource was contributed to the catalogue (共建) and awaits the centre's review.</summary>
public sealed record ResourceSubmitted(Guid ResourceId, ResourceContent Content, Actor By, DateTimeOffset At) : IDomainEvent;

/// <summary>The contributor revised the resource (while submitted, or after changes were requested).</summary>
public sealed record ResourceRevised(Guid ResourceId, ResourceContent Content, Actor By, DateTimeOffset At) : IDomainEvent;

public sealed record ResourceReviewed(Guid ResourceId, ReviewDecision Decision, string? Comment, Actor By, DateTimeOffset At) : IDomainEvent;

/// <summary>
/// The resource entered the public catalogue. It carries what subscribers are matched on, so the
/// integration event is built from this event alone.
/// </summary>
public sealed record ResourcePublished(
    Guid ResourceId, string Title, ResourceKind Kind, IReadOnlyList<string> Topics, IReadOnlyList<string> Grades,
    ResourceFormat Format, bool Featured, Actor By, DateTimeOffset At) : IDomainEvent;

/// <summary>Put in the 助力"双减" column.</summary>
public sealed record ResourceFeatured(Guid ResourceId, Actor By, DateTimeOffset At) : IDomainEvent;

public sealed record ResourceUnfeatured(Guid ResourceId, Actor By, DateTimeOffset At) : IDomainEvent;

public sealed record ResourceArchived(Guid ResourceId, string? Reason, Actor By, DateTimeOffset At) : IDomainEvent;

/// <summary>The last review's outcome, shown to the contributor (why changes were requested).</summary>
public sealed record ReviewNote(ReviewDecision Decision, string? Comment, Actor By, DateTimeOffset At);

/// <summary>
/// A shared science-education resource (科教资源): contributed → reviewed → published → archived,
/// and while published possibly featured in the 助力"双减" column.
/// </summary>
public sealed record Resource(
    Guid Id, ResourceContent Content, ResourceStatus Status, bool Featured, Actor ContributedBy,
    DateTimeOffset SubmittedAt, DateTimeOffset? PublishedAt, ReviewNote? LastReview) : ILongVersioned
{
    public long Version { get; set; }

    public static Resource Create(ResourceSubmitted e) =>
        new(e.ResourceId, e.Content, ResourceStatus.Submitted, false, e.By, e.At, null, null);

    public Resource Apply(ResourceRevised e) => this with { Content = e.Content, Status = ResourceStatus.Submitted };

    public Resource Apply(ResourceReviewed e) => this with
    {
        Status = e.Decision switch
        {
            ReviewDecision.Approve => ResourceStatus.Approved,
            ReviewDecision.Reject => ResourceStatus.Rejected,
            _ => ResourceStatus.ChangesRequested,
        },
        LastReview = new ReviewNote(e.Decision, e.Comment, e.By, e.At),
    };

    public Resource Apply(ResourcePublished e) => this with { Status = ResourceStatus.Published, PublishedAt = e.At };

    public Resource Apply(ResourceFeatured _) => this with { Featured = true };

    public Resource Apply(ResourceUnfeatured _) => this with { Featured = false };

    public Resource Apply(ResourceArchived _) => this with { Status = ResourceStatus.Archived, Featured = false };

    /// <summary>Published and archived resources are public; the rest only to the centre and the contributor.</summary>
    public bool IsVisibleTo(Actor actor) =>
        Status is ResourceStatus.Published or ResourceStatus.Archived || actor.IsNational || actor.Id == ContributedBy.Id;
}
