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

public sealed record ReminderReceipt(Guid Id, int Times);

/// <summary>A consumer with a fault an operator can fix (the switch) while its messages wait in _error.</summary>
public sealed class ReminderConsumer(IDocumentStore store, TimeProvider clock) : IdempotentConsumer<Reminder>(store, clock)
{
    public static volatile bool Broken = true;

    protected override async Task HandleAsync(IDocumentSession session, Reminder message, ConsumeContext<Reminder> context)
    {
        if (Broken) throw new InvalidOperationException("The downstream system is misconfigured.");
        var receipt = await session.LoadAsync<ReminderReceipt>(message.Id, context.CancellationToken);
        session.Store(new ReminderReceipt(message.Id, (receipt?.Times ?? 0) + 1));
    }
}

public sealed class OperatorToolTests : IAsyncLifetime
{
    private string _db = "";
    private Uri _vhost = null!;
    private MiniService _service = null!;

    public async ValueTask InitializeAsync()
    {
        _db = await TestInfrastructure.CreateDatabaseAsync("ops");
        _vhost = await TestInfrastructure.CreateVhostAsync("ops");
        _service = await MiniService.StartAsync("ops", _db, _vhost, o => o.Consumers = x => x.AddConsumer<ReminderConsumer>());
    }

    public async ValueTask DisposeAsync()
    {
        await _service.DisposeAsync();
        await TestInfrastructure.DropDatabaseAsync(_db);
        await TestInfrastructure.DeleteVhostAsync(_vhost);
    }

    [Fact]
    public async Task A_message_that_failed_into_the_error_queue_is_replayed_by_the_operator_and_applied_once()
    {
        var ops = _service.ClientFor(Actors.Operator);
        var id = Guid.NewGuid();
        ReminderConsumer.Broken = true;
        await _service.Services.GetRequiredService<IBus>().Publish(new Reminder(id, "补发", null, DateTimeOffset.UtcNow));

        var queues = await Eventually.Until(
            () => ops.GetFromJsonAsync<JsonElement>("/api/v1/ops/ops/errors"),
            q => q.EnumerateArray().Any(e => e.GetProperty("messages").GetInt32() == 1),
            TimeSpan.FromSeconds(30), "the failed message is in the error queue");
        var errorQueue = queues.EnumerateArray().Single(e => e.GetProperty("messages").GetInt32() == 1);
        var peeked = Assert.Single(errorQueue.GetProperty("peek").EnumerateArray());
        Assert.Contains("misconfigured", peeked.GetProperty("reason").GetString());

        ReminderConsumer.Broken = false;
        var queue = errorQueue.GetProperty("queue").GetString();
        var replay = await ops.PostAsync($"/api/v1/ops/ops/errors/{queue}/replay", null);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(1, (await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("replayed").GetInt32());

        await Eventually.Until(async () =>
        {
            await using var session = _service.Store.QuerySession();
            return (await session.LoadAsync<ReminderReceipt>(id))?.Times ?? 0;
        }, n => n == 1, because: "the replayed message was applied");

        // Replaying again (nothing left) and redelivering the same message change nothing.
        var empty = await ops.PostAsync($"/api/v1/ops/ops/errors/{queue}/replay", null);
        Assert.Equal(0, (await empty.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("replayed").GetInt32());
        await using var check = _service.Store.QuerySession();
        Assert.Equal(1, (await check.LoadAsync<ReminderReceipt>(id))!.Times);
    }

    [Fact]
    public async Task Only_operators_use_the_operator_tools()
    {
        var response = await _service.ClientFor(Actors.Centre).GetAsync("/api/v1/ops/ops/errors");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task The_bridge_backlog_is_visible_to_operators()
    {
        var snapshot = await _service.ClientFor(Actors.Operator).GetFromJsonAsync<JsonElement>("/api/v1/ops/ops/bridge");
        Assert.Equal("ops", snapshot.GetProperty("service").GetString());
        Assert.True(snapshot.TryGetProperty("lastEventSequence", out _));
    }
}
