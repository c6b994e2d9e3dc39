using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Messaging;
using Kechuang.Contracts.Resources;
using Kechuang.Outreach.Domain;
using Marten;
using MassTransit;

namespace Kechuang.Outreach.Integration;

/// <summary>A resource or package delivered to a rural school (送资源) counts in that county's coverage.</summary>
public sealed class ResourceDeliveredConsumer(IDocumentStore store, TimeProvider clock)
    : IdempotentConsumer<ResourceDelivered>(store, clock)
{
    protected override Task HandleAsync(IDocumentSession session, ResourceDelivered message, ConsumeContext<ResourceDelivered> context)
    {
        if (!message.School.Rural) return Task.CompletedTask;
        var fact = new ResourceDeliveryReceived(message.DeliveryId, message.ResourceId, message.PackageId,
            FactLog.School(message.School), message.Mode, message.DeliveredAt, Actor.System, Clock.GetUtcNow());
        return FactLog.RecordOnceAsync(session, "delivery", message.DeliveryId, fact, context.CancellationToken);
    }
}
