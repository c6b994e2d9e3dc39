using System.Diagnostics.Metrics;
using Kechuang.BuildingBlocks.Messaging;
using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kechuang.BuildingBlocks.Operations;

/// <summary>
/// How far the event bridge and the projections are behind the event store, sampled every few
/// seconds: <c>kechuang.bridge.backlog</c> (events committed but not yet published) and
/// <c>kechuang.projection.sequence</c> (each shard's position), as gauges and for the operator API.
/// </summary>
public sealed class BridgeMonitor(IDocumentStore store, ServiceIdentity service, ILogger<BridgeMonitor> logger) : BackgroundService
{
    public sealed record ShardPosition(string Name, long Sequence);

    public sealed record Snapshot(string Service, long LastEventSequence, long HighWaterMark, long? BridgePosition, long? BridgeBacklog,
        IReadOnlyList<ShardPosition> Shards, DateTimeOffset SampledAt);

    private static readonly Meter Meter = new(MessagingTelemetry.Name);
    private volatile Snapshot? _latest;

    public async Task<Snapshot> SampleAsync(CancellationToken ct)
    {
        // The highest sequence only: the store's statistics would count every event and stream each time.
        var lastSequence = await store.Storage.Database.FetchHighestEventSequenceNumber(ct);
        var progress = await store.Advanced.AllProjectionProgress(token: ct);
        var highWater = progress.FirstOrDefault(p => p.ShardName == "HighWaterMark")?.Sequence ?? 0;
        var bridge = progress.FirstOrDefault(p => p.ShardName.StartsWith(EventBridge.SubscriptionName, StringComparison.Ordinal))?.Sequence;
        var shards = progress.Where(p => p.ShardName != "HighWaterMark").Select(p => new ShardPosition(p.ShardName, p.Sequence)).ToList();
        var snapshot = new Snapshot(service.Name, lastSequence, highWater, bridge,
            bridge is { } position ? Math.Max(0, lastSequence - position) : null, shards, DateTimeOffset.UtcNow);
        _latest = snapshot;
        return snapshot;
    }

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        Meter.CreateObservableGauge("kechuang.bridge.backlog", () => Backlog(), "{event}",
            "Domain events committed but not yet published by the event bridge.");
        Meter.CreateObservableGauge("kechuang.projection.sequence", () => Positions(), "{event}",
            "The event sequence each projection or subscription shard has processed.");
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5));
        do
        {
            try
            {
                await SampleAsync(stop);
            }
            catch (Exception ex) when (!stop.IsCancellationRequested)
            {
                logger.LogDebug(ex, "Sampling the event bridge's progress failed; the gauges keep their last value");
            }
        } while (await timer.WaitForNextTickAsync(stop));
    }

    private IEnumerable<Measurement<long>> Backlog()
    {
        if (_latest is { BridgeBacklog: { } backlog } snapshot)
            yield return new Measurement<long>(backlog, new KeyValuePair<string, object?>("service", snapshot.Service));
    }

    private IEnumerable<Measurement<long>> Positions()
    {
        if (_latest is not { } snapshot) yield break;
        foreach (var shard in snapshot.Shards)
            yield return new Measurement<long>(shard.Sequence, new("service", snapshot.Service), new("shard", shard.Name));
    }
}
