using Kechuang.BuildingBlocks.Domain;
using Kechuang.Resources.Domain;

namespace Kechuang.Resources.Resources;

/// <summary>
/// A resource as <c>GET /resources/{id}</c> and the lifecycle actions return it. <c>contributedBy</c>
/// is the whole actor for programme staff, and only its role and organisation for everyone else
/// (<see cref="Actor.SeesStaffIdentities"/>), as in history <c>by</c>; so is <c>lastReview.by</c>.
/// </summary>
public sealed record ResourceView(
    Guid Id, string Title, string Summary, ResourceKind Kind, IReadOnlyList<string> Topics, IReadOnlyList<string> Grades,
    ResourceFormat Format, string Provider, string License, string? Url, string? Body, ResourceStatus Status, bool Featured,
    object ContributedBy, DateTimeOffset SubmittedAt, DateTimeOffset? PublishedAt, ReviewNoteView? LastReview, long Version)
{
    public static Func<Resource, ResourceView> At(long version, Actor viewer) => r => From(r, version, viewer);

    public static ResourceView From(Resource r, long version, Actor viewer)
    {
        var c = r.Content;
        return new(r.Id, c.Title, c.Summary, c.Kind, c.Topics, c.Grades, c.Format, c.Provider, c.License, c.Url, c.Body,
            r.Status, r.Featured, Shown(r.ContributedBy, viewer), r.SubmittedAt, r.PublishedAt,
            r.LastReview is { } n ? new ReviewNoteView(n.Decision, n.Comment, Shown(n.By, viewer), n.At) : null, version);
    }

    private static object Shown(Actor actor, Actor viewer) => viewer.SeesStaffIdentities ? actor : actor.Anonymous;
}

/// <summary>The last review, its reviewer shown as <see cref="ResourceView.ContributedBy"/> is.</summary>
public sealed record ReviewNoteView(ReviewDecision Decision, string? Comment, object By, DateTimeOffset At);
