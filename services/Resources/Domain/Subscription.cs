using JasperFx;
using Kechuang.BuildingBlocks.Domain;

namespace Kechuang.Resources.Domain;

/// <summary>A school subscribed to resources and packages of some topics and grades.</summary>
public sealed record SubscriptionCreated(
    Guid SubscriptionId, School School, IReadOnlyList<string> Topics, IReadOnlyList<string> Grades, Guid? OrganizationId,
    Actor By, DateTimeOffset At) : IDomainEvent;

public sealed record SubscriptionCancelled(Guid SubscriptionId, Actor By, DateTimeOffset At) : IDomainEvent;

public enum SubscriptionStatus
{
    Active,
    Cancelled,
}

public sealed record Subscription(
    Guid Id, School School, IReadOnlyList<string> Topics, IReadOnlyList<string> Grades, Guid? OrganizationId,
    string SubscriberId, SubscriptionStatus Status, DateTimeOffset CreatedAt) : ILongVersioned
{
    public long Version { get; set; }

    public static Subscription Create(SubscriptionCreated e) =>
        new(e.SubscriptionId, e.School, e.Topics, e.Grades, e.OrganizationId, e.By.Id, SubscriptionStatus.Active, e.At);

    public Subscription Apply(SubscriptionCancelled _) => this with { Status = SubscriptionStatus.Cancelled };

    public string SchoolKey => School.KeyFor(OrganizationId);

    /// <summary>Something matches when it shares at least one topic and at least one grade.</summary>
    public bool Matches(IReadOnlyList<string> topics, IReadOnlyList<string> grades) =>
        Status == SubscriptionStatus.Active && Topics.Intersect(topics).Any() && Grades.Intersect(grades).Any();

    /// <summary>The school that subscribed (within its province, if held to one), its province, and the national roles.</summary>
    public bool IsVisibleTo(Actor actor) => actor.Role switch
    {
        Roles.School => actor.CoversProvince(School.Province)
            && (actor.Id == SubscriberId || (OrganizationId is not null && actor.OrganizationId == OrganizationId)),
        Roles.Province => actor.CoversProvince(School.Province),
        _ => actor.IsNational,
    };
}

public static class SubscriptionRules
{
    public static Decision Cancel(Subscription subscription, DateTimeOffset now, Actor actor)
    {
        if (subscription.Status == SubscriptionStatus.Cancelled) return DomainError.InvalidState("The subscription is already cancelled.");
        return Decision.Of(new SubscriptionCancelled(subscription.Id, actor, now));
    }
}
