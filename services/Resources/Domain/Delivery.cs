using JasperFx;
using Kechuang.BuildingBlocks.Domain;

namespace Kechuang.Resources.Domain;

public enum DeliveryMode
{
    /// <summary>Pushed to a subscribed school when published.</summary>
    Online,

    /// <summary>Taken to the school (送资源下乡), recorded by staff.</summary>
    Offline,
}

/// <summary>A resource or an edition of a package was delivered to a school (送到学校).</summary>
public sealed record DeliveryRecorded(
    Guid DeliveryId, Guid? ResourceId, Guid? PackageId, int? PackageEdition, School School, DeliveryMode Mode,
    DateTimeOffset DeliveredAt, Guid? SubscriptionId, Guid? OrganizationId, Actor By, DateTimeOffset At) : IDomainEvent;

public sealed record Delivery(
    Guid Id, Guid? ResourceId, Guid? PackageId, int? PackageEdition, School School, DeliveryMode Mode,
    DateTimeOffset DeliveredAt, Guid? SubscriptionId, Guid? OrganizationId, Actor RecordedBy, DateTimeOffset RecordedAt) : ILongVersioned
{
    public long Version { get; set; }

    public static Delivery Create(DeliveryRecorded e) =>
        new(e.DeliveryId, e.ResourceId, e.PackageId, e.PackageEdition, e.School, e.Mode, e.DeliveredAt, e.SubscriptionId,
            e.OrganizationId, e.By, e.At);

    /// <summary>
    /// A school sees its own deliveries; any actor held to a province only that province's;
    /// national actors all.
    /// </summary>
    public bool IsVisibleTo(Actor actor) =>
        actor.CoversProvince(School.Province)
        && (!actor.Is(Roles.School) || (OrganizationId is not null && actor.OrganizationId == OrganizationId));
}

/// <summary>What was published, as subscriptions are matched against it.</summary>
public sealed record PushTarget(Guid? ResourceId, Guid? PackageId, int? PackageEdition, IReadOnlyList<string> Topics, IReadOnlyList<string> Grades)
{
    public static PushTarget ForResource(Guid id, IReadOnlyList<string> topics, IReadOnlyList<string> grades) =>
        new(id, null, null, topics, grades);

    public static PushTarget ForPackage(Guid id, int edition, IReadOnlyList<string> topics, IReadOnlyList<string> grades) =>
        new(null, id, edition, topics, grades);

    public string Key => ResourceId is { } resource ? $"resource:{resource:N}" : $"package:{PackageId:N}:{PackageEdition}";
}

public static class DeliveryRules
{
    /// <summary>
    /// One online delivery per subscribed school that matches, however many of its subscriptions
    /// match. Its id derives from what and whom, so recording it twice is impossible.
    /// </summary>
    public static IReadOnlyList<DeliveryRecorded> Push(PushTarget target, IEnumerable<Subscription> subscriptions, DateTimeOffset now) =>
        subscriptions
            .Where(s => s.Matches(target.Topics, target.Grades))
            .GroupBy(s => s.SchoolKey)
            .Select(school => school.OrderBy(s => s.CreatedAt).ThenBy(s => s.Id).First())
            .Select(s => new DeliveryRecorded(OnlineDeliveryId(target, s.SchoolKey), target.ResourceId, target.PackageId,
                target.PackageEdition, s.School, DeliveryMode.Online, now, s.Id, s.OrganizationId, Actor.System, now))
            .ToList();

    public static Guid OnlineDeliveryId(PushTarget target, string schoolKey) => NameBasedGuid.V8Sha256($"{target.Key}|{schoolKey}");

    /// <summary>Staff record an offline delivery of a published resource or package.</summary>
    public static Decision RecordOffline(
        Guid id, Resource? resource, Package? package, School school, DateTimeOffset deliveredAt, DateTimeOffset now, Actor actor)
    {
        if (!actor.CoversProvince(school.Province))
            return DomainError.Forbidden("A province records deliveries to schools of its own province only.");
        if (resource is not null && resource.Status != ResourceStatus.Published)
            return DomainError.InvalidState($"Only a published resource is delivered; it is {ApiEnum.Name(resource.Status)}.");
        if (package is not null && package.Status != PackageStatus.Published)
            return DomainError.InvalidState("Only a published package is delivered; it is a draft.");
        return Decision.Of(new DeliveryRecorded(id, resource?.Id, package?.Id, package?.Edition, school, DeliveryMode.Offline,
            deliveredAt, null, null, actor, now));
    }
}
