using Kechuang.BuildingBlocks.Messaging;
using Kechuang.Contracts.Experts;
using Kechuang.Training.ReadModels;
using Marten;
using MassTransit;

namespace Kechuang.Training.Integration;

/// <summary>
/// Keeps the trainer pool: an expert approved with the trainer flag is in, a rejected one (or
/// one no longer flagged) is out. Idempotent: a redelivered message changes nothing, and a
/// vetting older than the one already applied is ignored.
/// </summary>
public sealed class ExpertVettedConsumer(IDocumentStore store, TimeProvider clock)
    : IdempotentConsumer<ExpertVetted>(store, clock)
{
    protected override async Task HandleAsync(IDocumentSession session, ExpertVetted message, ConsumeContext<ExpertVetted> context)
    {
        var known = await session.LoadAsync<Trainer>(message.ExpertId, context.CancellationToken);
        if (known is not null && known.VettedAt > message.OccurredAt) return;
        session.Store(new Trainer(message.ExpertId, message.Name, message.Affiliation, message.Topics, message.Provinces,
            message.Approved && message.Trainer, message.OccurredAt));
    }
}
