using System.Diagnostics.Metrics;
using Kechuang.BuildingBlocks.Messaging;
using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kechuang.BuildingBlocks.Operations;

/// <summary>
/// How far the event bridge and the projections are behind the event store, sampled every few
/// seconds: <c>kechuang.bridge.backlog</c> (events committed but not yet published) and
/// <c>kechuang.projection.sequence</c> (each shard's position), as gauges and for the operator API,
/// which also names the replica running each shard, the daemon's leader, and the replica answering.
/// </summary>
public sealed class BridgeMonitor(IDocumentStore store, ServiceIdentity service, DaemonLeadership leadership, ILogger<BridgeMonitor> logger)
    : BackgroundService
{
    /// <summary>A shard's position and the replica whose daemon runs it (none while no replica holds its lock).</summary>
    public sealed record ShardPosition(string Name, long Sequence, string? RunningOn);

    /// <summary>
    /// <c>Leader</c>: the replica running every shard (none while none does, or while Marten's
    /// per-shard election has spread them over several: then each shard's <c>RunningOn</c> says);
    /// <c>AnsweredBy</c>: the replica that sampled this.
    /// </summary>
    public sealed record Snapshot(string Service, long LastEventSequence, long HighWaterMark, long? BridgePosition, long? BridgeBacklog,
        IReadOnlyList<ShardPosition> Shards, DateTimeOffset SampledAt, string? Leader, string AnsweredBy);

    private static readonly Meter Meter = new(MessagingTelemetry.Name);
    private volatile Snapshot? _latest;

    public async Task<Snapshot> SampleAsync(CancellationToken ct)
    {
        // The highest sequence only: the store's statistics would count every event and stream each time.
        var lastSequence = await store.Storage.Database.FetchHighestEventSequenceNumber(ct);
        var progress = await store.Advanced.AllProjectionProgress(token: ct);
        var highWater = progress.FirstOrDefault(p => p.ShardName == "HighWaterMark")?.Sequence ?? 0;
        var bridge = progress.FirstOrDefault(p => p.ShardName.StartsWith(EventBridge.SubscriptionName, StringComparison.Ordinal))?.Sequence;
        var holders = await leadership.HoldersAsync(ct);
        var runningOn = holders.ToDictionary(h => h.Shard, h => h.Replica, StringComparer.Ordinal);
        var shards = progress.Where(p => p.ShardName != "HighWaterMark")
            .Select(p => new ShardPosition(p.ShardName, p.Sequence, runningOn.GetValueOrDefault(p.ShardName)))
            // A shard that has processed nothing yet has no progress row, but has its lock and its replica.
            .Concat(holders.Where(h => progress.All(p => p.ShardName != h.Shard)).Select(h => new ShardPosition(h.Shard, 0, h.Replica)))
            .ToList();
        var snapshot = new Snapshot(service.Name, lastSequence, highWater, bridge,
            bridge is { } position ? Math.Max(0, lastSequence - position) : null, shards, DateTimeOffset.UtcNow,
            DaemonLeadership.LeaderOf(holders), leadership.Me);
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
