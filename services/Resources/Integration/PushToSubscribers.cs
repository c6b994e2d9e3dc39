using Kechuang.BuildingBlocks.Messaging;
using Kechuang.Resources.Domain;
using PackagePublished = Kechuang.Contracts.Resources.PackagePublished;
using ResourcePublished = Kechuang.Contracts.Resources.ResourcePublished;
using Marten;
using MassTransit;

namespace Kechuang.Resources.Integration;

/// <summary>
/// 送到学校: when a resource is published, each subscribed school that shares a topic and a grade
/// gets one online delivery. Idempotent twice over: a redelivered message is recognised by its id,
/// and a delivery's id derives from the resource and the school, so it can never be recorded twice.
/// </summary>
public sealed class PushPublishedResource(IDocumentStore store, TimeProvider clock)
    : IdempotentConsumer<ResourcePublished>(store, clock)
{
    protected override Task HandleAsync(IDocumentSession session, ResourcePublished message, ConsumeContext<ResourcePublished> context) =>
        Push.ToSubscribersAsync(session, PushTarget.ForResource(message.ResourceId, message.Topics, message.Grades),
            Clock.GetUtcNow(), context.CancellationToken);
}

/// <summary>The same for each published edition of a package.</summary>
public sealed class PushPublishedPackage(IDocumentStore store, TimeProvider clock)
    : IdempotentConsumer<PackagePublished>(store, clock)
{
    protected override Task HandleAsync(IDocumentSession session, PackagePublished message, ConsumeContext<PackagePublished> context) =>
        Push.ToSubscribersAsync(session, PushTarget.ForPackage(message.PackageId, message.Edition, message.Topics, message.Grades),
            Clock.GetUtcNow(), context.CancellationToken);
}

internal static class Push
{
    public static async Task ToSubscribersAsync(IDocumentSession session, PushTarget target, DateTimeOffset now, CancellationToken ct)
    {
        var topics = target.Topics.ToArray();
        var grades = target.Grades.ToArray();
        var candidates = await session.Query<Subscription>()
            .Where(s => s.Status == SubscriptionStatus.Active && s.Topics.Any(t => topics.Contains(t)) && s.Grades.Any(g => grades.Contains(g)))
            .ToListAsync(ct);
        var deliveries = DeliveryRules.Push(target, candidates, now);
        if (deliveries.Count == 0) return;

        var recorded = (await session.LoadManyAsync<Delivery>(ct, deliveries.Select(d => d.DeliveryId))).Select(d => d.Id).ToHashSet();
        foreach (var delivery in deliveries.Where(d => !recorded.Contains(d.DeliveryId)))
            session.Events.StartStream<Delivery>(delivery.DeliveryId, delivery);
    }
}
