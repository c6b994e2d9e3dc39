using Kechuang.BuildingBlocks.Http;
using Kechuang.Resources.Domain;

namespace Kechuang.Resources.Packages;

/// <summary>The body of <c>POST /packages</c> and <c>PUT /packages/{id}</c>.</summary>
public sealed record PackageRequest(
    [property: MaxChars(PackageRequest.TitleMax)] string? Title, [property: MaxChars(PackageRequest.DescriptionMax)] string? Description,
    [property: MaxItems(PackageRequest.MaxResources)] IReadOnlyList<Guid>? ResourceIds,
    [property: MaxChars(PackageRequest.AudienceMax)] string? Audience)
{
    public const int MaxResources = 100;
    public const int TitleMax = 200;
    public const int DescriptionMax = 2000;
    public const int AudienceMax = 200;

    public Validator Validate()
    {
        var v = new Validator();
        v.Text("title", Title, TitleMax);
        v.Text("description", Description, DescriptionMax);
        v.Text("audience", Audience, AudienceMax);
        if (ResourceIds is null || ResourceIds.Count == 0) v.Add("resourceIds", "needs at least one resource.");
        else if (ResourceIds.Count > MaxResources) v.Add("resourceIds", $"holds at most {MaxResources} resources.");
        else if (ResourceIds.Distinct().Count() != ResourceIds.Count) v.Add("resourceIds", "lists a resource twice.");
        return v;
    }

    public PackageContent ToContent() => new(Title!.Trim(), Description!.Trim(), ResourceIds!, Audience!.Trim());
}

/// <summary>A resource as a package lists it.</summary>
public sealed record PackageResource(
    Guid Id, string Title, string Summary, ResourceKind Kind, IReadOnlyList<string> Topics, IReadOnlyList<string> Grades,
    ResourceFormat Format, ResourceStatus Status)
{
    public static PackageResource From(Resource r) =>
        new(r.Id, r.Content.Title, r.Content.Summary, r.Content.Kind, r.Content.Topics, r.Content.Grades, r.Content.Format, r.Status);
}

public sealed record EditionView(int Edition, string Title, IReadOnlyList<Guid> ResourceIds, DateTimeOffset PublishedAt);

/// <summary>
/// A package: its current content, its <c>edition</c> (0 until first published) with the topics and
/// grades it covers, and every published edition. <c>resources</c> is given on single reads.
/// </summary>
public sealed record PackageView(
    Guid Id, string Title, string Description, string Audience, IReadOnlyList<Guid> ResourceIds, PackageStatus Status,
    int Edition, IReadOnlyList<string> Topics, IReadOnlyList<string> Grades, IReadOnlyList<EditionView> Editions,
    DateTimeOffset CreatedAt, DateTimeOffset? PublishedAt, long Version, IReadOnlyList<PackageResource>? Resources)
{
    public static PackageView From(Package p, long version, IReadOnlyList<Resource>? resources = null)
    {
        var current = p.Editions.LastOrDefault();
        return new(p.Id, p.Content.Title, p.Content.Description, p.Content.Audience, p.Content.ResourceIds, p.Status, p.Edition,
            current?.Topics ?? [], current?.Grades ?? [],
            p.Editions.Select(e => new EditionView(e.Edition, e.Content.Title, e.Content.ResourceIds, e.PublishedAt)).ToList(),
            p.CreatedAt, current?.PublishedAt, version, resources?.Select(PackageResource.From).ToList());
    }
}
