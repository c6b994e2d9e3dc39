using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Messaging;
using Kechuang.Contracts.Experts;
using Kechuang.Outreach.Domain;
using Marten;
using MassTransit;

namespace Kechuang.Outreach.Integration;

/// <summary>A visit delivered to a rural school counts in that county's coverage; visits to other schools do not.</summary>
public sealed class VisitDeliveredConsumer(IDocumentStore store, TimeProvider clock)
    : IdempotentConsumer<VisitDelivered>(store, clock)
{
    protected override Task HandleAsync(IDocumentSession session, VisitDelivered message, ConsumeContext<VisitDelivered> context)
    {
        if (!message.School.Rural) return Task.CompletedTask;
        var fact = new ExpertVisitReceived(message.VisitRequestId, message.ExpertId, FactLog.School(message.School), message.Kind,
            Math.Max(0, message.AudienceCount), message.DeliveredAt, Actor.System, Clock.GetUtcNow());
        return FactLog.RecordOnceAsync(session, "visit", message.VisitRequestId, fact, context.CancellationToken);
    }
}
