using System.Text.Json;
using Kechuang.Contracts;
using Marten;
using MassTransit;

namespace Kechuang.Gateway.Feed;

/// <summary>
/// Records every integration event of every service for the change feed and webhooks. One stream
/// per message (its id is the message id), so a redelivered message collides and changes nothing.
/// </summary>
public sealed class IntegrationEventRecorder(IDocumentStore store) : IConsumer<IIntegrationEvent>
{
    public async Task Consume(ConsumeContext<IIntegrationEvent> context)
    {
        var messageId = context.MessageId ?? throw new InvalidOperationException("An integration event arrived without a message id.");
        using var envelope = JsonDocument.Parse(context.ReceiveContext.Body.GetBytes());
        var root = envelope.RootElement;
        var type = root.GetProperty("messageType").EnumerateArray()
            .Select(t => t.GetString()!.Split(':')[^1])
            .First(t => t != nameof(IIntegrationEvent));
        var received = new IntegrationEventReceived(messageId, EventCatalog.NameOf(type), context.Message.OccurredAt,
            context.Message.Province, root.GetProperty("message").Clone());

        await using var session = store.LightweightSession();
        if (await session.Events.FetchStreamStateAsync(messageId, context.CancellationToken) is not null) return;
        session.Events.StartStream(messageId, received);
        try
        {
            await session.SaveChangesAsync(context.CancellationToken);
        }
        catch (Exception ex) when (ex is JasperFx.Events.ExistingStreamIdCollisionException or Marten.Exceptions.ExistingStreamIdCollisionException)
        {
            // Recorded concurrently by another delivery of the same message.
        }
    }
}
