using System.Text.Json;
using System.Text.Json.Nodes;
using JasperFx.Events;
using Kechuang.BuildingBlocks.Domain;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Kechuang.BuildingBlocks.Http;

/// <summary>
/// One step in a record's life: <c>{type, at, by, data}</c>. <c>by</c> (and the event's own
/// <c>data.by</c>) is the whole <see cref="Actor"/> for staff of the programme, and only its
/// <see cref="ActorRole"/> for everyone else (<see cref="Actor.SeesStaffIdentities"/>).
/// </summary>
public sealed record HistoryEntry(string Type, DateTimeOffset At, object? By, long Version, object Data)
{
    public static HistoryEntry From(IEvent e, Actor viewer)
    {
        var type = Json.KebabCase(e.EventType.Name);
        if (e.Data is not IDomainEvent d) return new HistoryEntry(type, e.Timestamp, null, e.Version, e.Data);
        if (viewer.SeesStaffIdentities) return new HistoryEntry(type, d.At, d.By, e.Version, e.Data);
        var data = JsonSerializer.SerializeToNode(e.Data, e.Data.GetType(), Json.Options)!.AsObject();
        data["by"] = JsonSerializer.SerializeToNode(d.By.Anonymous, Json.Options);
        return new HistoryEntry(type, d.At, d.By.Anonymous, e.Version, data);
    }
}

public static class HistoryEndpoints
{
    /// <summary>
    /// <c>GET {group}/{id}/history</c>: the events of the record, oldest first, to whoever may
    /// see the record itself (<paramref name="canSee"/>; others get a 404 as if it did not exist).
    /// </summary>
    public static RouteHandlerBuilder MapHistory<T>(this RouteGroupBuilder group, Func<T, Actor, bool> canSee) where T : class =>
        group.MapGet("/{id:guid}/history", async Task<Results<Ok<IReadOnlyList<HistoryEntry>>, ProblemHttpResult>> (
                Guid id, Actor actor, IDocumentSession session, CancellationToken ct) =>
            {
                var state = await session.Events.FetchLatest<T>(id, ct);
                if (state is null || !canSee(state, actor)) return Problems.NotFound();
                var events = await session.Events.FetchStreamAsync(id, token: ct);
                return TypedResults.Ok<IReadOnlyList<HistoryEntry>>(events.Select(e => HistoryEntry.From(e, actor)).ToList());
            })
            .WithSummary("The record's history: every event with who and when, oldest first; by names staff only to programme staff.");
}
