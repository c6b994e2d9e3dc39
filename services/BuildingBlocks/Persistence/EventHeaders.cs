namespace Kechuang.BuildingBlocks.Persistence;

/// <summary>
/// The headers every domain event is stored with (<see cref="TracedSessionFactory"/>), which the
/// event bridge carries over onto the integration event it publishes.
/// </summary>
public static class EventHeaders
{
    /// <summary>The correlation id of the request that appended the domain event.</summary>
    public const string CorrelationId = "Kechuang-Correlation-Id";

    /// <summary>The W3C trace context of the request that appended the domain event.</summary>
    public const string TraceParent = "traceparent";
}
