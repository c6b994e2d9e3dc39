using System.Globalization;
using System.Text.Json;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Http;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kechuang.Gateway.Feed;

/// <summary>
/// <c>GET /api/v1/events?after=&lt;cursor&gt;&amp;limit=</c>: the integration events the caller may see,
/// oldest first. The cursor is opaque to partners (it is the gateway's event sequence); pass
/// <c>next</c> back as <c>after</c>. Only events below the store's high-water mark are served, so a
/// later page never holds an event that commits "behind" a cursor already handed out. A request
/// reads at most <c>Kechuang:Feed:MaxScanned</c> events (default <see cref="DefaultMaxScanned"/>)
/// whatever it finds among them, and answers the position it reached as <c>next</c>: a caller who
/// may see few events gets short or empty pages that still move forward, never a scan of the
/// whole store.
/// </summary>
public static class FeedEndpoints
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;
    public const int DefaultMaxScanned = 5000;

    public sealed record FeedItem(Guid Id, string Type, DateTimeOffset OccurredAt, string? Province, JsonElement Data, string Cursor);

    public sealed record FeedPage(IReadOnlyList<FeedItem> Items, string Next);

    public static RouteGroupBuilder MapFeed(this RouteGroupBuilder api)
    {
        var maxScanned = Math.Max(1, ((IEndpointRouteBuilder)api).ServiceProvider.GetRequiredService<IConfiguration>()
            .GetValue("Kechuang:Feed:MaxScanned", DefaultMaxScanned));
        api.MapGet("/events", (string? after, string? limit, Actor actor, IDocumentStore store, CancellationToken ct) =>
                Read(after, limit, maxScanned, actor, store, ct))
            .WithTags("Partners").WithSummary("The change feed of integration events you may see.");
        return api;
    }

    private static async Task<Results<Ok<FeedPage>, ValidationProblem>> Read(
        string? after, string? limit, int maxScanned, Actor actor, IDocumentStore store, CancellationToken ct)
    {
        var v = new Validator();
        long cursor = 0;
        if (!string.IsNullOrEmpty(after) && (!long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out cursor) || cursor < 0))
            v.Add("after", "must be a cursor returned as next by this endpoint.");
        var take = DefaultLimit;
        if (!string.IsNullOrEmpty(limit) && (!int.TryParse(limit, out take) || take < 1 || take > MaxLimit))
            v.Add("limit", $"must be a whole number from 1 to {MaxLimit}.");
        if (!v.IsValid) return v.ToProblem();

        var highWater = await HighWaterMarkAsync(store, ct);
        var items = new List<FeedItem>();
        var scanned = cursor;
        var left = maxScanned;
        await using var session = store.QuerySession();
        while (items.Count < take && scanned < highWater && left > 0)
        {
            var from = scanned;
            var batch = await session.Events.QueryAllRawEvents()
                .Where(e => e.Sequence > from && e.Sequence <= highWater)
                .OrderBy(e => e.Sequence).Take(Math.Min(MaxLimit, left)).ToListAsync(ct);
            left -= batch.Count;
            if (batch.Count == 0) break;
            foreach (var e in batch)
            {
                scanned = e.Sequence;
                if (e.Data is IntegrationEventReceived r && EventCatalog.CanSee(actor, r.Type, r.Province))
                    items.Add(new FeedItem(r.MessageId, r.Type, r.OccurredAt, r.Province, r.Data, e.Sequence.ToString(CultureInfo.InvariantCulture)));
                if (items.Count == take) break;
            }
        }
        return TypedResults.Ok(new FeedPage(items, scanned.ToString(CultureInfo.InvariantCulture)));
    }

    private static async Task<long> HighWaterMarkAsync(IDocumentStore store, CancellationToken ct)
    {
        var progress = await store.Advanced.AllProjectionProgress(token: ct);
        return progress.FirstOrDefault(p => p.ShardName == "HighWaterMark")?.Sequence ?? 0;
    }
}
