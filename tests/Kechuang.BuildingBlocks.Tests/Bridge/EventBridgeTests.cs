using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kechuang.BuildingBlocks.Messaging;
using Kechuang.BuildingBlocks.Tests.Contracts.Testing;
using Kechuang.TestKit;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Kechuang.BuildingBlocks.Tests.Bridge;

/// <summary>
/// The event bridge against real PostgreSQL and RabbitMQ: a "sender" service appends events,
/// a "receiver" service consumes what the bridge publishes.
/// </summary>
public sealed class EventBridgeTests : IAsyncLifetime
{
    private string _senderDb = "";
    private string _receiverDb = "";
    private Uri _vhost = null!;
    private readonly List<IAsyncDisposable> _started = [];

    public async ValueTask InitializeAsync()
    {
        _senderDb = await TestInfrastructure.CreateDatabaseAsync("sender");
        _receiverDb = await TestInfrastructure.CreateDatabaseAsync("receiver");
        _vhost = await TestInfrastructure.CreateVhostAsync("bridge");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var s in Enumerable.Reverse(_started)) await s.DisposeAsync();
        await TestInfrastructure.DropDatabaseAsync(_senderDb);
        await TestInfrastructure.DropDatabaseAsync(_receiverDb);
        await TestInfrastructure.DeleteVhostAsync(_vhost);
    }

    private async Task<MiniService> StartSender(Uri? rabbit = null)
    {
        var sender = await MiniService.StartAsync(SenderService.Name, _senderDb, rabbit ?? _vhost, SenderService.Configure, SenderService.Map);
        _started.Add(sender);
        return sender;
    }

    private async Task<MiniService> StartReceiver()
    {
        var receiver = await MiniService.StartAsync("receiver", _receiverDb, _vhost, o => o.Consumers = x =>
        {
            x.AddConsumer<ParcelDispatchedConsumer>();
            x.AddConsumer<BrokenConsumer>();
        });
        _started.Add(receiver);
        return receiver;
    }

    private static async Task<Guid> ShipAsync(MiniService sender, string label)
    {
        var response = await sender.ClientFor(Actors.Centre).PostAsJsonAsync("/parcels", new { label });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task<Guid> AppendDirectlyAsync(IDocumentStore store, string label)
    {
        await using var session = store.LightweightSession();
        var id = Guid.NewGuid();
        session.Events.StartStream<Parcel>(id, new ParcelShipped(id, label, Actors.Centre, DateTimeOffset.UtcNow));
        await session.SaveChangesAsync();
        return id;
    }

    private static async Task<Guid[]> EventIdsAsync(MiniService sender, Guid parcel)
    {
        await using var session = sender.Store.QuerySession();
        return [.. (await session.Events.FetchStreamAsync(parcel)).Select(e => e.Id)];
    }

    private static async Task<int> TimesReceived(MiniService receiver, Guid id)
    {
        await using var session = receiver.Store.QuerySession();
        return (await session.LoadAsync<ParcelReceipt>(id))?.Times ?? 0;
    }

    [Fact]
    public async Task An_event_committed_in_one_service_is_consumed_in_another()
    {
        var receiver = await StartReceiver();
        var sender = await StartSender();

        var id = await ShipAsync(sender, "科普资源包");

        await Eventually.Until(() => TimesReceived(receiver, id), n => n == 1);
        await using var session = receiver.Store.QuerySession();
        Assert.Equal("科普资源包", (await session.LoadAsync<ParcelReceipt>(id))!.Label);
    }

    [Fact]
    public async Task Nothing_is_published_for_a_session_that_was_not_committed()
    {
        var receiver = await StartReceiver();
        var sender = await StartSender();

        var neverCommitted = Guid.NewGuid();
        await using (var session = sender.Store.LightweightSession())
        {
            session.Events.StartStream<Parcel>(neverCommitted, new ParcelShipped(neverCommitted, "rolled back", Actors.Centre, DateTimeOffset.UtcNow));
            // Disposed without SaveChangesAsync.
        }
        var rolledBack = Guid.NewGuid();
        await using (var session = sender.Store.LightweightSession())
        {
            session.Events.StartStream<Parcel>(rolledBack, new ParcelShipped(rolledBack, "collides", Actors.Centre, DateTimeOffset.UtcNow));
            var duplicate = await AppendDirectlyAsync(sender.Store, "first");
            session.Events.StartStream<Parcel>(duplicate, new ParcelShipped(duplicate, "second start of the same stream", Actors.Centre, DateTimeOffset.UtcNow));
            await Assert.ThrowsAnyAsync<Exception>(() => session.SaveChangesAsync());
        }

        // A later committed event arrives, so everything before it has been processed.
        var marker = await ShipAsync(sender, "marker");
        await Eventually.Until(() => TimesReceived(receiver, marker), n => n == 1);
        Assert.Equal(0, await TimesReceived(receiver, neverCommitted));
        Assert.Equal(0, await TimesReceived(receiver, rolledBack));
    }

    [Fact]
    public async Task Events_committed_while_RabbitMQ_is_unreachable_are_delivered_when_it_returns()
    {
        var receiver = await StartReceiver();
        await using var proxy = new TcpProxy(_vhost.Host, _vhost.Port);
        var sender = await StartSender(new UriBuilder(_vhost) { Host = "127.0.0.1", Port = proxy.Port }.Uri);
        var first = await ShipAsync(sender, "before the outage");
        await Eventually.Until(() => TimesReceived(receiver, first), n => n == 1);

        var attempts = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Kechuang.Messaging",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = attempts.Add,
        };
        ActivitySource.AddActivityListener(listener);

        proxy.Cut();
        var during = new List<Guid>();
        for (var i = 0; i < 10; i++) during.Add(await ShipAsync(sender, $"during the outage {i}"));
        // The positive marker: the bridge has tried, and failed, to publish the first of them twice
        // (a publish that got through would have reached the receiver, which the next line checks).
        var firstEvent = (await EventIdsAsync(sender, during[0])).Single();
        await Eventually.Until(() => Task.FromResult(attempts.Count(a => Equals(a.GetTagItem("kechuang.event.id"), firstEvent))),
            n => n >= 2, TimeSpan.FromSeconds(60), "the bridge retried the first event of the outage");
        Assert.All(await Task.WhenAll(during.Select(id => TimesReceived(receiver, id))), n => Assert.Equal(0, n));

        proxy.Restore();
        foreach (var id in during)
            await Eventually.Until(() => TimesReceived(receiver, id), n => n == 1, TimeSpan.FromSeconds(60), "delivered after RabbitMQ returned");
    }

    [Fact]
    public async Task Events_committed_while_the_publishing_service_is_stopped_are_delivered_when_it_restarts()
    {
        var receiver = await StartReceiver();
        await using var proxy = new TcpProxy(_vhost.Host, _vhost.Port);
        var sender = await StartSender(new UriBuilder(_vhost) { Host = "127.0.0.1", Port = proxy.Port }.Uri);
        proxy.Cut();

        // Committed, but the process stops before it could publish them.
        var pending = new List<Guid>();
        for (var i = 0; i < 5; i++) pending.Add(await ShipAsync(sender, $"pending {i}"));
        _started.Remove(sender);
        await sender.DisposeAsync();

        var restarted = await StartSender();
        foreach (var id in pending)
            await Eventually.Until(() => TimesReceived(receiver, id), n => n == 1, TimeSpan.FromSeconds(60), "delivered after the restart");

        // The restarted bridge's checkpoint moved past them, so a further restart publishes them no more.
        await using var events = restarted.Store.QuerySession();
        var last = (await events.Events.FetchStreamAsync(pending[^1])).Max(e => e.Sequence);
        await Eventually.True(async () => (await restarted.Store.Advanced.AllProjectionProgress())
                .Any(p => p.ShardName.StartsWith(EventBridge.SubscriptionName, StringComparison.Ordinal) && p.Sequence >= last),
            because: "the bridge's checkpoint is past the last pending event");
    }

    [Fact]
    public async Task The_same_message_delivered_twice_changes_the_consumer_state_once()
    {
        var receiver = await StartReceiver();
        var bus = receiver.Services.GetRequiredService<IBus>();
        var id = Guid.NewGuid();
        var messageId = Guid.NewGuid();
        var message = new ParcelDispatched(id, "重复投递", "北京市", DateTimeOffset.UtcNow);

        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => bus.Publish(message, c => c.MessageId = messageId)));
        await Eventually.Until(() => TimesReceived(receiver, id), n => n == 1);
        await bus.Publish(message, c => c.MessageId = messageId);

        var other = Guid.NewGuid();
        await bus.Publish(message with { ParcelId = other }, c => c.MessageId = Guid.NewGuid());
        await Eventually.Until(() => TimesReceived(receiver, other), n => n == 1);
        Assert.Equal(1, await TimesReceived(receiver, id));
    }

    [Fact]
    public async Task A_message_its_consumer_keeps_failing_on_lands_in_the_error_queue()
    {
        var receiver = await StartReceiver();
        var bus = receiver.Services.GetRequiredService<IBus>();
        await bus.Publish(new PoisonPill(Guid.NewGuid(), null, DateTimeOffset.UtcNow));

        using var management = await TestInfrastructure.ManagementClientAsync();
        var vhost = Uri.EscapeDataString(_vhost.AbsolutePath.TrimStart('/'));
        await Eventually.True(async () =>
        {
            var response = await management.GetAsync($"api/queues/{vhost}/receiver-broken_error");
            if (!response.IsSuccessStatusCode) return false;
            var queue = await response.Content.ReadFromJsonAsync<JsonElement>();
            return queue.TryGetProperty("messages", out var count) && count.GetInt32() == 1;
        }, TimeSpan.FromSeconds(30), "the poison message is in receiver-broken_error");
    }

    [Fact]
    public async Task One_trace_spans_the_request_the_publish_and_the_consume()
    {
        var activities = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Add,
        };
        ActivitySource.AddActivityListener(listener);
        var receiver = await StartReceiver();
        var sender = await StartSender();

        var id = await ShipAsync(sender, "traced");
        await Eventually.Until(() => TimesReceived(receiver, id), n => n == 1);

        var consume = await Eventually.Until(
            () => Task.FromResult(activities.FirstOrDefault(a => a.Source.Name == "MassTransit" && a.Kind == ActivityKind.Consumer
                && a.GetTagItem("messaging.message.id")?.ToString() is { } mid && activities.Any(p => p.Source.Name == "Kechuang.Messaging" && p.TraceId == a.TraceId))),
            a => a is not null, because: "a consume span in the bridge's trace");
        var request = activities.Single(a => a.OperationName == "Microsoft.AspNetCore.Hosting.HttpRequestIn" && a.TraceId == consume!.TraceId);
        Assert.Equal("/parcels", request.GetTagItem("url.path"));
        Assert.Contains(activities, a => a.Source.Name == "MassTransit" && a.Kind == ActivityKind.Producer && a.TraceId == consume!.TraceId);
    }
}
