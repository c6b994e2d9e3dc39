using System.Diagnostics;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Kechuang.BuildingBlocks.Persistence;
using Kechuang.Contracts;
using Marten;
using Marten.Subscriptions;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace Kechuang.BuildingBlocks.Messaging;

/// <summary>
/// The event store is the outbox. This Marten subscription runs in the async daemon (one leader
/// per service, HotCold), reads committed events in sequence order, maps them with the service's
/// <see cref="IntegrationEventMap"/> and publishes them with MassTransit. Its progress is
/// checkpointed after each page, so a crash re-publishes at most one page (consumers dedupe on
/// the message id, which is the domain event's id); events of a rolled-back session were never
/// committed and so are never seen. While RabbitMQ is down it waits and retries: nothing is skipped.
/// </summary>
public sealed class EventBridge : SubscriptionBase
{
    public const string SubscriptionName = "integration-events";

    private readonly IntegrationEventMap _map;
    private readonly IBus _bus;
    private readonly ServiceIdentity _service;
    private readonly ILogger<EventBridge> _logger;

    public EventBridge(IntegrationEventMap map, IBus bus, ServiceIdentity service, ILogger<EventBridge> logger)
    {
        _map = map;
        _bus = bus;
        _service = service;
        _logger = logger;
        Name = SubscriptionName;
    }

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken ct)
    {
        foreach (var @event in page.Events)
        {
            EventTraceLinks.LinkToCurrentPage(@event);
            var message = _map.TryMap(@event);
            if (message is null) continue;
            await PublishUntilAcceptedAsync(@event, message, ct);
        }
        return NullChangeListener.Instance;
    }

    private async Task PublishUntilAcceptedAsync(IEvent @event, IIntegrationEvent message, CancellationToken ct)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                attemptTimeout.CancelAfter(TimeSpan.FromSeconds(15));
                await PublishAsync(@event, message, attemptTimeout.Token);
                MessagingTelemetry.Published.Add(1, new KeyValuePair<string, object?>("message.type", message.GetType().Name));
                return;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                _logger.LogWarning(ex,
                    "Publishing {MessageType} for event {EventId} (sequence {Sequence}) failed on attempt {Attempt}; retrying in {Delay}",
                    message.GetType().Name, @event.Id, @event.Sequence, attempt, delay);
                await Task.Delay(delay, ct);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
            }
        }
    }

    private async Task PublishAsync(IEvent @event, IIntegrationEvent message, CancellationToken ct)
    {
        // Continue the trace of the request that appended the event, so one trace spans
        // HTTP -> Marten -> RabbitMQ -> consumer.
        ActivityContext.TryParse(@event.GetHeader(MessageHeaders.TraceParent)?.ToString(), null, out var parent);
        using var activity = MessagingTelemetry.Source.StartActivity(
            $"{message.GetType().Name} bridge", ActivityKind.Internal, parent);
        activity?.SetTag("kechuang.event.id", @event.Id);
        activity?.SetTag("kechuang.event.sequence", @event.Sequence);

        await _bus.Publish(message, message.GetType(), context =>
        {
            context.MessageId = @event.Id;
            context.Headers.Set(MessageHeaders.CommittedAt, @event.Timestamp.ToUnixTimeMilliseconds());
            context.Headers.Set(MessageHeaders.Source, _service.Name);
            if (@event.GetHeader(MessageHeaders.CorrelationId)?.ToString() is { Length: > 0 } correlation)
                context.Headers.Set(MessageHeaders.CorrelationId, correlation);
        }, ct);
    }
}
