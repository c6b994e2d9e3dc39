using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Http;
using Kechuang.Gateway.Feed;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kechuang.Gateway.Webhooks;

/// <summary>Partners register webhooks for the event types they may see, and read their deliveries.</summary>
public static class WebhookEndpoints
{
    public sealed record WebhookView(Guid Id, string Url, IReadOnlyList<string> EventTypes, string Status, DateTimeOffset CreatedAt)
    {
        public static WebhookView From(Webhook w) => new(w.Id, w.Url, w.EventTypes, w.IsActive ? "active" : "deleted", w.CreatedAt);
    }

    public sealed record DeliveryView(
        Guid Id, Guid EventId, string Type, DeliveryStatus Status, DateTimeOffset CreatedAt, DateTimeOffset? NextAttemptAt,
        IReadOnlyList<DeliveryAttempt> Attempts)
    {
        public static DeliveryView From(WebhookDelivery d) => new(d.Id, d.EventId, d.Type, d.Status, d.CreatedAt,
            d.Status == DeliveryStatus.Pending ? d.NextAttemptAt : null,
            d.Attempts.Select(a => a with { Error = DeliveryOutcome.Of(a) }).ToList());
    }

    public static RouteGroupBuilder MapWebhooks(this RouteGroupBuilder api)
    {
        var hooks = api.MapGroup("/webhooks").WithTags("Partners");
        hooks.MapPost("/", WebhookRegistration.Register)
            .WithSummary("Register an https URL on the public internet for the event types you may see; the secret is shown once.");
        hooks.MapGet("/", List);
        hooks.MapGet("/{id:guid}", Get);
        hooks.MapDelete("/{id:guid}", Delete);
        hooks.MapPost("/{id:guid}/secret", SecretRotation.Rotate)
            .WithSummary("A new signing secret, shown once; the previous one keeps signing alongside it for 24 hours.");
        hooks.MapGet("/{id:guid}/history", History)
            .WithSummary("The webhook's history (registered, secret rotated, deleted), oldest first; never a secret.");
        hooks.MapGet("/{id:guid}/deliveries", Deliveries).WithSummary("Every delivery of this webhook with its attempts, newest first.");
        api.MapGet("/event-types", (Actor actor) => TypedResults.Ok(EventCatalog.Types.Where(t => EventCatalog.CanSeeType(actor, t))))
            .WithTags("Partners").WithSummary("The event types you may follow.");
        return api;
    }

    private static async Task<Ok<PagedList<WebhookView>>> List(PageRequest page, Actor actor, IQuerySession session, CancellationToken ct)
    {
        var query = session.Query<Webhook>().Where(w => actor.Role == Roles.Admin || w.Owner.Id == actor.Id).OrderByDescending(w => w.CreatedAt);
        var total = await query.CountAsync(ct);
        var items = await query.Skip(page.Skip).Take(page.PageSize).ToListAsync(ct);
        return TypedResults.Ok(PagedList<WebhookView>.From(items.Select(WebhookView.From).ToList(), total, page));
    }

    private static async Task<Results<Ok<WebhookView>, ProblemHttpResult>> Get(Guid id, Actor actor, IQuerySession session, CancellationToken ct) =>
        await Owned(session, id, actor, ct) is { } hook ? TypedResults.Ok(WebhookView.From(hook)) : Problems.NotFound("webhook");

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        Guid id, Actor actor, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        if (await Owned(session, id, actor, ct) is not { } hook) return Problems.NotFound("webhook");
        if (hook.IsActive)
        {
            session.Store(hook.Deleted(clock.GetUtcNow(), actor));
            await session.SaveChangesAsync(ct);
        }
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<IReadOnlyList<HistoryEntry>>, ProblemHttpResult>> History(
        Guid id, Actor actor, IQuerySession session, CancellationToken ct)
    {
        if (await Owned(session, id, actor, ct) is not { } hook) return Problems.NotFound("webhook");
        return TypedResults.Ok<IReadOnlyList<HistoryEntry>>(hook.Changes.Select((c, i) => new HistoryEntry(
            c.Type, c.At, actor.SeesStaffIdentities ? c.By : c.By.Anonymous, i + 1,
            new { c.Url, c.EventTypes, c.PreviousSecretValidUntil })).ToList());
    }

    private static async Task<Results<Ok<PagedList<DeliveryView>>, ProblemHttpResult>> Deliveries(
        Guid id, PageRequest page, Actor actor, IQuerySession session, CancellationToken ct)
    {
        if (await Owned(session, id, actor, ct) is null) return Problems.NotFound("webhook");
        var query = session.Query<WebhookDelivery>().Where(d => d.WebhookId == id).OrderByDescending(d => d.Sequence);
        var total = await query.CountAsync(ct);
        var items = await query.Skip(page.Skip).Take(page.PageSize).ToListAsync(ct);
        return TypedResults.Ok(PagedList<DeliveryView>.From(items.Select(DeliveryView.From).ToList(), total, page));
    }

    /// <summary>The webhook when the caller owns it or is an admin; someone else's webhook is not found.</summary>
    internal static async Task<Webhook?> Owned(IQuerySession session, Guid id, Actor actor, CancellationToken ct) =>
        await session.LoadAsync<Webhook>(id, ct) is { } hook && (actor.Role == Roles.Admin || hook.Owner.Id == actor.Id) ? hook : null;
}
