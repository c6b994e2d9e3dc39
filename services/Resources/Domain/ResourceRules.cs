using Kechuang.BuildingBlocks.Domain;

namespace Kechuang.Resources.Domain;

/// <summary>The resource lifecycle as pure decisions: (state, command, now, actor) → events or why not.</summary>
public static class ResourceRules
{
    public static Decision Revise(Resource resource, ResourceContent content, DateTimeOffset now, Actor actor)
    {
        if (actor.Id != resource.ContributedBy.Id && !actor.IsNational)
            return DomainError.Forbidden("Only the contributor or the national centre revises a resource.");
        if (resource.Status is not (ResourceStatus.Submitted or ResourceStatus.ChangesRequested))
            return DomainError.InvalidState($"A resource is revised only while submitted or after changes were requested; it is {Name(resource.Status)}.");
        return Decision.Of(new ResourceRevised(resource.Id, content, actor, now));
    }

    public static Decision Review(Resource resource, ReviewDecision decision, string? comment, DateTimeOffset now, Actor actor)
    {
        if (resource.Status != ResourceStatus.Submitted)
            return DomainError.InvalidState($"Only a submitted resource is reviewed; it is {Name(resource.Status)}.");
        return Decision.Of(new ResourceReviewed(resource.Id, decision, comment, actor, now));
    }

    public static Decision Publish(Resource resource, DateTimeOffset now, Actor actor)
    {
        if (resource.Status != ResourceStatus.Approved)
            return DomainError.InvalidState($"Only an approved resource is published; it is {Name(resource.Status)}.");
        var c = resource.Content;
        return Decision.Of(new ResourcePublished(resource.Id, c.Title, c.Kind, c.Topics, c.Grades, c.Format, resource.Featured, actor, now));
    }

    public static Decision Feature(Resource resource, DateTimeOffset now, Actor actor)
    {
        if (resource.Status != ResourceStatus.Published)
            return DomainError.InvalidState($"Only a published resource is featured; it is {Name(resource.Status)}.");
        if (resource.Featured) return DomainError.InvalidState("The resource is already in the 助力\"双减\" column.");
        return Decision.Of(new ResourceFeatured(resource.Id, actor, now));
    }

    public static Decision Unfeature(Resource resource, DateTimeOffset now, Actor actor)
    {
        if (!resource.Featured) return DomainError.InvalidState("The resource is not in the 助力\"双减\" column.");
        return Decision.Of(new ResourceUnfeatured(resource.Id, actor, now));
    }

    public static Decision Archive(Resource resource, string? reason, DateTimeOffset now, Actor actor)
    {
        if (resource.Status is not (ResourceStatus.Approved or ResourceStatus.Published))
            return DomainError.InvalidState($"Only an approved or published resource is archived; it is {Name(resource.Status)}.");
        return Decision.Of(new ResourceArchived(resource.Id, reason, actor, now));
    }

    private static string Name(ResourceStatus status) => ApiEnum.Name(status);
}
