using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Kechuang.BuildingBlocks.Messaging;

/// <summary>Spans and instruments of the event bridge and the consumers.</summary>
public static class MessagingTelemetry
{
    public const string Name = "Kechuang.Messaging";

    public static readonly ActivitySource Source = new(Name);
    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Published =
        Meter.CreateCounter<long>("kechuang.bridge.published", "{message}", "Integration events published by the event bridge.");

    public static readonly Histogram<double> EventLag =
        Meter.CreateHistogram<double>("kechuang.event.lag", "ms", "Time from a domain event's commit to its integration event being consumed.");

    public static readonly Histogram<double> ConsumerDuration =
        Meter.CreateHistogram<double>("kechuang.consumer.duration", "ms", "Time a consumer took to handle a message.");

    /// <summary>The same lag and handling times, kept in memory for the operator API.</summary>
    public static readonly ConsumerLag Recent = new();

    public static readonly Counter<long> Duplicates =
        Meter.CreateCounter<long>("kechuang.consumer.duplicates", "{message}", "Redelivered messages a consumer had already handled.");
}
