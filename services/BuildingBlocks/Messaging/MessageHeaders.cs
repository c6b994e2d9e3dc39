using Kechuang.BuildingBlocks.Persistence;

namespace Kechuang.BuildingBlocks.Messaging;

/// <summary>Headers the event bridge adds to every integration event it publishes.</summary>
public static class MessageHeaders
{
    /// <summary>When the domain event was committed (Unix milliseconds): the start of event lag.</summary>
    public const string CommittedAt = "Kechuang-Committed-At";

    /// <summary>The service whose event store the message came from.</summary>
    public const string Source = "Kechuang-Source";

    /// <summary>The correlation id of the request that appended the domain event.</summary>
    public const string CorrelationId = EventHeaders.CorrelationId;

    /// <summary>The W3C trace context of the request that appended the domain event.</summary>
    public const string TraceParent = EventHeaders.TraceParent;
}
