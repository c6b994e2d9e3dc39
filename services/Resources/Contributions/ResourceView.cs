using Kechuang.BuildingBlocks.Domain;
using Kechuang.Resources.Domain;

namespace Kechuang.Resources.Contributions;

/// <summary>A resource as <c>GET /resources/{id}</c> and the lifecycle actions return it.</summary>
public sealed record ResourceView(
    Guid Id, string Title, string Summary, ResourceKind Kind, IReadOnlyList<string> Topics, IReadOnlyList<string> Grades,
    ResourceFormat Format, string Provider, string License, string? Url, string? Body, ResourceStatus Status, bool Featured,
    Actor ContributedBy, DateTimeOffset SubmittedAt, DateTimeOffset? PublishedAt, ReviewNote? LastReview, long Version)
{
    public static Func<Resource, ResourceView> At(long version) => r => From(r, version);

    public static ResourceView From(Resource r, long version)
    {
        var c = r.Content;
        return new(r.Id, c.Title, c.Summary, c.Kind, c.Topics, c.Grades, c.Format, c.Provider, c.License, c.Url, c.Body,
            r.Status, r.Featured, r.ContributedBy, r.SubmittedAt, r.PublishedAt, r.LastReview, version);
    }
}
