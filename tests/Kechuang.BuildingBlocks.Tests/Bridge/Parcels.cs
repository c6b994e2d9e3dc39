using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Hosting;
using Kechuang.BuildingBlocks.Messaging;
using Kechuang.BuildingBlocks.Persistence;
using Kechuang.Contracts;
using Marten;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Kechuang.BuildingBlocks.Tests.Bridge;

// A tiny "sender" service: parcels are event-sourced; a shipped parcel leaves as an integration event.
public sealed record ParcelShipped(Guid ParcelId, string Label, Actor By, DateTimeOffset At) : IDomainEvent;

public sealed record Parcel(Guid Id, string Label)
{
    public static Parcel Create(ParcelShipped e) => new(e.ParcelId, e.Label);
}

public static class SenderService
{
    public const string Name = "sender";

    public static void Configure(KechuangServiceOptions o)
    {
        o.Marten = m => m.Projections.LiveStreamAggregation<Parcel>();
        o.IntegrationEvents.Map<ParcelShipped>((e, _) =>
            new Contracts.Testing.ParcelDispatched(e.ParcelId, e.Label, "北京市", e.At));
    }

    public static void Map(WebApplication app) =>
        app.MapPost("/parcels", async (ShipRequest body, Actor actor, IDocumentSession session, TimeProvider clock) =>
        {
            var id = Guid.NewGuid();
            session.Events.StartStream<Parcel>(id, new ParcelShipped(id, body.Label, actor, clock.GetUtcNow()));
            await session.SaveChangesAsync();
            return TypedResults.Created($"/parcels/{id}", new { id });
        }).RequireAuthorization();

    public sealed record ShipRequest(string Label);
}

/// <summary>A tiny "receiver" service: counts each parcel it hears about.</summary>
public sealed record ParcelReceipt(Guid Id, string Label, int Times);

public sealed class ParcelDispatchedConsumer(IDocumentStore store, TimeProvider clock)
    : IdempotentConsumer<Contracts.Testing.ParcelDispatched>(store, clock)
{
    protected override async Task HandleAsync(IDocumentSession session, Contracts.Testing.ParcelDispatched message,
        ConsumeContext<Contracts.Testing.ParcelDispatched> context)
    {
        var receipt = await session.LoadAsync<ParcelReceipt>(message.ParcelId, context.CancellationToken);
        session.Store(new ParcelReceipt(message.ParcelId, message.Label, (receipt?.Times ?? 0) + 1));
    }
}

/// <summary>A consumer with a permanent fault: its messages must end in its _error queue.</summary>
public sealed class BrokenConsumer : IConsumer<Contracts.Testing.PoisonPill>
{
    public Task Consume(ConsumeContext<Contracts.Testing.PoisonPill> context) =>
        throw new InvalidOperationException("This consumer always fails.");
}
