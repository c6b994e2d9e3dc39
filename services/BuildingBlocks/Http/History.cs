using JasperFx.Events;
using Kechuang.BuildingBlocks.Domain;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Kechuang.BuildingBlocks.Http;

/// <summary>One step in a record's life: <c>{type, at, by, data}</c>.</summary>
public sealed record HistoryEntry(string Type, DateTimeOffset At, Actor? By, long Version, object Data)
{
    public static HistoryEntry From(IEvent e) => e.Data is IDomainEvent d
        ? new HistoryEntry(Json.KebabCase(e.EventType.Name), d.At, d.By, e.Version, e.Data)
        : new HistoryEntry(Json.KebabCase(e.EventType.Name), e.Timestamp, null, e.Version, e.Data);
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
                return TypedResults.Ok<IReadOnlyList<HistoryEntry>>(events.Select(HistoryEntry.From).ToList());
            })
            .WithSummary("The record's history: every event with who and when, oldest first.");
}
