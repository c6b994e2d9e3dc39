using System.Text.Json;

namespace Kechuang.Gateway.Feed;

/// <summary>
/// An integration event the gateway heard on RabbitMQ, kept in its own event store: the event
/// sequence is the change feed's cursor, and the webhook fan-out subscription reads from it.
/// </summary>
public sealed record IntegrationEventReceived(Guid MessageId, string Type, DateTimeOffset OccurredAt, string? Province, JsonElement Data);
