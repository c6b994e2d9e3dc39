using System.Collections.Concurrent;
using System.Diagnostics;
using Kechuang.Gateway.Feed;
using Kechuang.Gateway.Webhooks.Egress;
using Marten;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Kechuang.Gateway.Webhooks.Dispatch;

/// <summary>
/// Sends due webhook deliveries, each attempt on its own: a receiver that never answers holds only
/// its own attempts, never another receiver's. At most <see cref="WebhookOptions.MaxConcurrentPerHost"/>
/// attempts run against one receiver (host and port), <see cref="WebhookOptions.MaxConcurrentPerOwner"/>
/// for one owner's webhooks and <see cref="WebhookOptions.MaxConcurrentDeliveries"/> in all; the
/// deliveries of a receiver or an owner at its limit wait in the store. A delivery is leased (due
/// again only after its attempt's timeout and a margin) before its attempt starts, so it is never
/// picked twice while in flight, and each outcome is stored as soon as the attempt ends. One gateway
/// replica dispatches at a time (a PostgreSQL advisory lock).
/// </summary>
public sealed class WebhookDispatcher(
    IDocumentStore store, WebhookHttp http, DispatchSignal signal, IOptions<WebhookOptions> options, TimeProvider clock,
    IConfiguration configuration, ILogger<WebhookDispatcher> logger) : BackgroundService
{
    // Retry schedules, leases and webhook-timestamp are wall-clock time, whatever domain clock the
    // gateway has; the domain clock decides only whether a rotated-out secret still signs.
    private static readonly TimeProvider Wall = TimeProvider.System;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan LeaseMargin = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LockCheckInterval = TimeSpan.FromSeconds(5);
    private const long DispatcherLockId = 44_449_001;

    private readonly WebhookOptions _options = options.Value;
    private readonly DeliverySlots _slots = new(
        options.Value.MaxConcurrentDeliveries, options.Value.MaxConcurrentPerHost, options.Value.MaxConcurrentPerOwner);
    // The attempts in flight, by delivery.
    private readonly ConcurrentDictionary<Guid, Task> _attempts = new();
    // Webhook → its receiver and owner. Neither ever changes, so what was learned once stays true.
    private readonly ConcurrentDictionary<Guid, DeliveryLane> _laneOf = new();

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(configuration.GetConnectionString("gateway-db"));
                await connection.OpenAsync(stop);
                await using var tryLock = new NpgsqlCommand($"select pg_try_advisory_lock({DispatcherLockId})", connection);
                if ((bool)(await tryLock.ExecuteScalarAsync(stop))!) await DispatchWhileLeaderAsync(connection, stop);
                else await Task.Delay(TimeSpan.FromSeconds(5), stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Webhook dispatcher interrupted; resuming shortly");
                await Task.Delay(TimeSpan.FromSeconds(2), stop).ContinueWith(_ => { }, CancellationToken.None);
            }
        }
        // Attempts end with the host (cancelled by stop); none may outlive the store it records in.
        await Task.WhenAll(_attempts.Values);
    }

    private async Task DispatchWhileLeaderAsync(NpgsqlConnection lockConnection, CancellationToken stop)
    {
        // The lock lives as long as its connection: a dropped connection means another replica may
        // lead now, so stop on the first failed check.
        await using var check = new NpgsqlCommand("select 1", lockConnection);
        var nextCheck = Wall.GetUtcNow() + LockCheckInterval;
        while (!stop.IsCancellationRequested)
        {
            if (!await StartDueAsync(stop)) await signal.WaitAsync(PollInterval, stop);
            if (Wall.GetUtcNow() < nextCheck) continue;
            await check.ExecuteScalarAsync(stop);
            nextCheck = Wall.GetUtcNow() + LockCheckInterval;
        }
    }

    /// <summary>Starts what is due and may start now; true when anything was due (look again at once).</summary>
    private async Task<bool> StartDueAsync(CancellationToken stop)
    {
        var free = _slots.Free;
        if (free <= 0) return false;
        Guid[] inFlight = [.. _attempts.Keys];
        var waiting = _laneOf.Where(l => _slots.IsFull(l.Value)).Select(l => l.Key).ToArray();

        var now = Wall.GetUtcNow();
        await using var session = store.LightweightSession();
        var due = await session.Query<WebhookDelivery>()
            .Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now
                && !inFlight.Contains(d.Id) && !waiting.Contains(d.WebhookId))
            .OrderBy(d => d.NextAttemptAt).Take(free).ToListAsync(stop);
        if (due.Count == 0) return false;

        var hooks = (await session.LoadManyAsync<Webhook>(stop, due.Select(d => d.WebhookId).Distinct())).ToDictionary(h => h.Id);
        var owners = await WebhookOwners.ActiveAsync(session, hooks.Values.Select(h => h.Owner), stop);
        var eventIds = due.Select(d => d.EventId).Distinct().ToArray();
        var events = (await session.Events.QueryAllRawEvents().Where(e => eventIds.Contains(e.StreamId)).ToListAsync(stop))
            .Select(e => e.Data).OfType<IntegrationEventReceived>().ToDictionary(e => e.MessageId);

        var starting = new List<(WebhookDelivery Delivery, Webhook Hook, IntegrationEventReceived Event, DeliveryLane Lane)>();
        var leaseEnds = now + _options.Timeout + LeaseMargin;
        foreach (var delivery in due)
        {
            // An event is missing only if its stream was removed from the store by hand: nothing to send either way.
            if (!hooks.TryGetValue(delivery.WebhookId, out var hook) || !hook.IsActive || !events.TryGetValue(delivery.EventId, out var received))
            {
                session.Store(delivery.EndedUnsent(DeliveryOutcome.WebhookDeleted, now));
                continue;
            }
            if (!owners.Contains(hook.Owner.Id))
            {
                session.Store(delivery.EndedUnsent(DeliveryOutcome.OwnerRevoked, now));
                continue;
            }
            var lane = _laneOf.GetOrAdd(hook.Id, _ => LaneOf(hook));
            // Left due in the store; the next query leaves this webhook out while its lane is full.
            if (!_slots.TryTake(lane)) continue;
            var leased = delivery.LeasedUntil(leaseEnds);
            session.Store(leased);
            starting.Add((leased, hook, received, lane));
        }

        try
        {
            await session.SaveChangesAsync(stop);
        }
        catch
        {
            foreach (var s in starting) _slots.Release(s.Lane);
            throw;
        }
        foreach (var (delivery, hook, received, lane) in starting)
        {
            var attempt = AttemptAsync(delivery, hook, received, lane, stop);
            _attempts[delivery.Id] = attempt;
            _ = attempt.ContinueWith(t => _attempts.TryRemove(new KeyValuePair<Guid, Task>(delivery.Id, t)), TaskScheduler.Default);
        }
        return true;
    }

    private async Task AttemptAsync(WebhookDelivery delivery, Webhook hook, IntegrationEventReceived received, DeliveryLane lane, CancellationToken stop)
    {
        try
        {
            var started = Stopwatch.GetTimestamp();
            using var request = DeliveryRequest.For(delivery, hook, received, Wall.GetUtcNow(), clock.GetUtcNow());
            var result = await http.SendAsync(request, stop);
            var attempt = new DeliveryAttempt(Wall.GetUtcNow(), result.StatusCode, result.Outcome, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            var next = delivery.After(attempt, _options.Backoff);
            if (next.Status == DeliveryStatus.Failed)
                logger.LogWarning("Webhook delivery {DeliveryId} of {Type} failed after {Attempts} attempts", delivery.Id, delivery.Type, next.Attempts.Count);

            // Recorded even while the host stops: the receiver has it, so it must not be sent again.
            await using var session = store.LightweightSession();
            session.Store(next);
            await session.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
            // The host is stopping: not sent, or its outcome not stored; due again when its lease ends.
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "The outcome of webhook delivery {DeliveryId} was not stored; it is attempted again when its lease ends", delivery.Id);
        }
        finally
        {
            _slots.Release(lane);
            signal.Wake();
        }
    }

    private static DeliveryLane LaneOf(Webhook hook)
    {
        var url = new Uri(hook.Url);
        return new DeliveryLane($"{url.IdnHost.ToLowerInvariant()}:{url.Port}", hook.Owner.Id);
    }
}
