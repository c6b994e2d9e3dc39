namespace Kechuang.Contracts;

/// <summary>
/// A fact one service publishes for others over RabbitMQ. Integration events are versioned by
/// adding optional members only; a breaking change is a new record type.
/// </summary>
public interface IIntegrationEvent
{
    /// <summary>When the fact happened in the publishing service (the domain event's commit time).</summary>
    DateTimeOffset OccurredAt { get; }

    /// <summary>The province the fact belongs to, or null for national facts. Partners of a
    /// province see only their province's facts in the change feed and webhooks.</summary>
    string? Province { get; }
}
