using System.Diagnostics;
using JasperFx;
using Marten;
using Kechuang.BuildingBlocks.Persistence;
using MassTransit;

namespace Kechuang.BuildingBlocks.Messaging;

/// <summary>
/// A consumer whose effect happens once per message, however often RabbitMQ delivers it: the
/// effect and the record of the handled message id commit in one Marten transaction. A failure
/// throws, MassTransit retries with backoff, and after the last retry the message goes to the
/// endpoint's <c>_error</c> queue — never into the void.
/// </summary>
public abstract class IdempotentConsumer<TMessage>(IDocumentStore store, TimeProvider clock) : IConsumer<TMessage>
    where TMessage : class
{
    protected TimeProvider Clock { get; } = clock;

    /// <summary>Apply the message's effect to <paramref name="session"/>; do not save it.</summary>
    protected abstract Task HandleAsync(IDocumentSession session, TMessage message, ConsumeContext<TMessage> context);

    public async Task Consume(ConsumeContext<TMessage> context)
    {
        var consumer = GetType().Name;
        var messageId = context.MessageId
            ?? throw new InvalidOperationException($"{typeof(TMessage).Name} arrived without a message id; it cannot be deduplicated.");
        var started = Stopwatch.GetTimestamp();
        var tags = new TagList { { "consumer", consumer }, { "message.type", typeof(TMessage).Name } };

        await using var session = store.LightweightSession();
        TracedSessionFactory.Stamp(session);
        var key = $"{consumer}:{messageId:N}";
        if (await session.LoadAsync<ProcessedMessage>(key, context.CancellationToken) is not null)
        {
            MessagingTelemetry.Duplicates.Add(1, tags);
            return;
        }

        await HandleAsync(session, context.Message, context);
        session.Insert(new ProcessedMessage(key, consumer, messageId, Clock.GetUtcNow()));
        try
        {
            await session.SaveChangesAsync(context.CancellationToken);
        }
        catch (DocumentAlreadyExistsException)
        {
            // The same message was handled concurrently and committed first; our effect rolled back.
            MessagingTelemetry.Duplicates.Add(1, tags);
            return;
        }

        var handling = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        MessagingTelemetry.ConsumerDuration.Record(handling, tags);
        if (context.Headers.TryGetHeader(MessageHeaders.CommittedAt, out var raw) && long.TryParse(raw?.ToString(), out var committedAt))
        {
            // Wall-clock time on purpose: lag is an operational measure, not domain time.
            var lag = Math.Max(0, (TimeProvider.System.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(committedAt)).TotalMilliseconds);
            MessagingTelemetry.EventLag.Record(lag, tags);
            MessagingTelemetry.Recent.Record(consumer, lag, handling);
        }
    }
}
