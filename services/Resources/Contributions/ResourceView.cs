using Kechuang.BuildingBlocks.Domain;
using Kechuang.Resources.Domain;

namespace Kechuang.Resources.Contributions;

/// <summary>
/// A resource as <c>GET /resources/{id}</c> and the lifecycle actions return it. <c>contributedBy</c>
/// is the whole actor for programme staff, and only its role and organisation for everyone else
/// (<see cref="Actor.SeesStaffIdentities"/>), as in history <c>by</c>.
/// </summary>
public sealed record ResourceView(
    Guid Id, string Title, string Summary, ResourceKind Kind, IReadOnlyList<string> Topics, IReadOnlyList<string> Grades,
    ResourceFormat Format, string Provider, string License, string? Url, string? Body, ResourceStatus Status, bool Featured,
    object ContributedBy, DateTimeOffset SubmittedAt, DateTimeOffset? PublishedAt, ReviewNote? LastReview, long Version)
{
    public static Func<Resource, ResourceView> At(long version, Actor viewer) => r => From(r, version, viewer);

    public static ResourceView From(Resource r, long version, Actor viewer)
    {
        var c = r.Content;
        return new(r.Id, c.Title, c.Summary, c.Kind, c.Topics, c.Grades, c.Format, c.Provider, c.License, c.Url, c.Body,
            r.Status, r.Featured, viewer.SeesStaffIdentities ? r.ContributedBy : r.ContributedBy.Anonymous, r.SubmittedAt, r.PublishedAt, r.LastReview, version);
    }
}
