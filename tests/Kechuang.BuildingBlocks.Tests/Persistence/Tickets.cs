using System.Collections.Concurrent;
using JasperFx;
using JasperFx.Events.Projections;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Hosting;
using Kechuang.BuildingBlocks.Http;
using Kechuang.BuildingBlocks.Persistence;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kechuang.BuildingBlocks.Tests.Persistence;

// A tiny service written only with EventStreams: tickets (the aggregate) granted against a quota (the ledger).
public sealed record TicketIssued(Guid TicketId, Actor By, DateTimeOffset At) : IDomainEvent;

public sealed record TicketGranted(Guid TicketId, Actor By, DateTimeOffset At) : IDomainEvent;

public sealed record TicketNoted(Guid TicketId, string Note, Actor By, DateTimeOffset At) : IDomainEvent;

public sealed record Ticket(Guid Id, bool Granted, int Notes) : ILongVersioned
{
    public long Version { get; set; }

    public static Ticket Create(TicketIssued e) => new(e.TicketId, false, 0);

    public Ticket Apply(TicketGranted e) => this with { Granted = true };

    public Ticket Apply(TicketNoted e) => this with { Notes = Notes + 1 };
}

public sealed record QuotaOpened(Guid QuotaId, int Capacity, Actor By, DateTimeOffset At) : IDomainEvent;

public sealed record QuotaTaken(Guid QuotaId, Guid TicketId, Actor By, DateTimeOffset At) : IDomainEvent;

public sealed record Quota(Guid Id, int Capacity, IReadOnlyList<Guid> Holders)
{
    public static Quota Create(QuotaOpened e) => new(e.QuotaId, e.Capacity, []);

    public Quota Apply(QuotaTaken e) => this with { Holders = [.. Holders, e.TicketId] };
}

/// <summary>
/// Decisions a test holds open: the decision of a held ticket says it has begun, then waits until
/// the test lets it go, so a second writer is known to arrive while the first holds the lock.
/// </summary>
public static class HeldDecisions
{
    private static readonly ConcurrentDictionary<Guid, (TaskCompletionSource Entered, ManualResetEventSlim Released)> Held = new();

    public static (Task Entered, Action Release) Hold(Guid ticket)
    {
        var hold = (new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), new ManualResetEventSlim());
        Held[ticket] = hold;
        return (hold.Item1.Task, () => hold.Item2.Set());
    }

    public static void PassIfHeld(Guid ticket)
    {
        if (!Held.TryRemove(ticket, out var hold)) return;
        hold.Entered.SetResult();
        hold.Released.Wait(TimeSpan.FromSeconds(30));
    }
}

public static class TicketService
{
    public const string Name = "tickets";
    public const string QuotaFull = "quota_full";

    public static void Configure(KechuangServiceOptions o) => o.Marten = m =>
    {
        m.Projections.Snapshot<Ticket>(SnapshotLifecycle.Inline);
        m.Projections.Snapshot<Quota>(SnapshotLifecycle.Inline);
    };

    public static void Map(WebApplication app)
    {
        // The aggregate and its quota, the quota locked first.
        app.MapPost("/tickets/{id:guid}/grant", (Guid id, Guid quota, Actor actor, IfMatch ifMatch, IDocumentSession session,
            HttpContext http, CancellationToken ct) => Respond(http, session.DecideAsync<Ticket, Quota>(id, ifMatch, quota, (ticket, held) =>
        {
            HeldDecisions.PassIfHeld(id);
            if (ticket.Granted) return DomainError.InvalidState("The ticket is granted already.");
            if (held!.Holders.Count >= held.Capacity) return DomainError.Conflict(QuotaFull, "The quota is used up.");
            return LedgerDecision.Of([new TicketGranted(id, actor, DateTimeOffset.UtcNow)], [new QuotaTaken(quota, id, actor, DateTimeOffset.UtcNow)]);
        }, ct, "ticket", "quota"))).RequireAuthorization();

        // The aggregate itself under the lock.
        app.MapPost("/tickets/{id:guid}/notes", (Guid id, Actor actor, IfMatch ifMatch, IDocumentSession session, HttpContext http,
            CancellationToken ct) => Respond(http, session.DecideExclusivelyAsync<Ticket>(id, ifMatch, _ => true, ticket =>
                Decision.Of(new TicketNoted(ticket.Id, "locked", actor, DateTimeOffset.UtcNow)), ct, "ticket"))).RequireAuthorization();

        // A decision that reads more before it decides: a note only while the quota has room.
        app.MapPost("/tickets/{id:guid}/checks", (Guid id, Guid quota, Actor actor, IfMatch ifMatch, IDocumentSession session,
            HttpContext http, CancellationToken ct) => Respond(http, session.DecideAsync<Ticket>(id, ifMatch, async (ticket, token) =>
        {
            var held = await session.LoadAsync<Quota>(quota, token);
            if (held is null || held.Holders.Count >= held.Capacity)
                return DomainError.Rule(QuotaFull, "The quota is used up.");
            return Decision.Of(new TicketNoted(ticket.Id, "checked", actor, DateTimeOffset.UtcNow));
        }, ct, "ticket"))).RequireAuthorization();
    }

    private static async Task<Results<Ok<Ticket>, ValidationProblem, ProblemHttpResult>> Respond(HttpContext http, Task<Outcome<Ticket>> write) =>
        (await write).Respond(http, t => t);
}
