using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Messaging;
using Kechuang.Contracts.Applications;
using Kechuang.Outreach.Domain;
using Marten;
using MassTransit;

namespace Kechuang.Outreach.Integration;

/// <summary>Designated pilot units and cities are shown per province in the coverage.</summary>
public sealed class PilotDesignatedConsumer(IDocumentStore store, TimeProvider clock)
    : IdempotentConsumer<PilotDesignated>(store, clock)
{
    protected override Task HandleAsync(IDocumentSession session, PilotDesignated message, ConsumeContext<PilotDesignated> context)
    {
        // A contract this version does not know: fail, so the message waits in the _error queue.
        if (!ApiEnum.TryParse<PilotKind>(message.Kind, out var kind))
            throw new InvalidOperationException($"PilotDesignated {message.PilotId} has an unknown kind '{message.Kind}'.");
        var fact = new PilotDesignationReceived(message.PilotId, kind, message.Name.Trim(), message.Province.Trim(),
            Places.Name(message.City), Places.Name(message.County), message.DesignatedAt, Actor.System, Clock.GetUtcNow());
        return FactLog.RecordOnceAsync(session, "pilot", message.PilotId, fact, context.CancellationToken);
    }
}
