using System.Security.Cryptography;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Http;
using Kechuang.Gateway.Feed;
using Kechuang.Gateway.Idempotency;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kechuang.Gateway.Webhooks;

/// <summary>Partners register webhooks for the event types they may see, and read their deliveries.</summary>
public static class WebhookEndpoints
{
    public sealed record RegisterRequest(string? Url, IReadOnlyList<string>? EventTypes);

    public sealed record WebhookView(Guid Id, string Url, IReadOnlyList<string> EventTypes, string Status, DateTimeOffset CreatedAt)
    {
        public static WebhookView From(Webhook w) => new(w.Id, w.Url, w.EventTypes, w.IsActive ? "active" : "deleted", w.CreatedAt);
    }

    /// <summary>The one response that carries the signing secret.</summary>
    public sealed record RegisteredWebhook(Guid Id, string Secret, string Url, IReadOnlyList<string> EventTypes, string Status, DateTimeOffset CreatedAt);

    public sealed record DeliveryView(
        Guid Id, Guid EventId, string Type, DeliveryStatus Status, DateTimeOffset CreatedAt, DateTimeOffset? NextAttemptAt,
        IReadOnlyList<DeliveryAttempt> Attempts);

    public static RouteGroupBuilder MapWebhooks(this RouteGroupBuilder api)
    {
        var hooks = api.MapGroup("/webhooks").WithTags("Partners");
        hooks.MapPost("/", Register).WithSummary("Register a URL for the event types you may see; the secret is shown once.");
        hooks.MapGet("/", List);
        hooks.MapGet("/{id:guid}", Get);
        hooks.MapDelete("/{id:guid}", Delete);
        hooks.MapGet("/{id:guid}/deliveries", Deliveries).WithSummary("Every delivery of this webhook with its attempts, newest first.");
        api.MapGet("/event-types", (Actor actor) => TypedResults.Ok(EventCatalog.Types.Where(t => EventCatalog.CanSeeType(actor, t))))
            .WithTags("Partners").WithSummary("The event types you may follow.");
        return api;
    }

    internal static Validator Validate(RegisterRequest body, Actor actor)
    {
        var v = new Validator();
        if (v.Required("url", body.Url)) v.Url("url", body.Url);
        if (body.EventTypes is null || body.EventTypes.Count == 0) v.Add("eventTypes", "needs at least one event type (see GET /api/v1/event-types).");
        else
        {
            for (var i = 0; i < body.EventTypes.Count; i++)
            {
                var type = body.EventTypes[i];
                if (!EventCatalog.IsKnown(type)) v.Add($"eventTypes[{i}]", $"is not an event type; one of: {string.Join(", ", EventCatalog.Types)}.");
                else if (!EventCatalog.CanSeeType(actor, type)) v.Add($"eventTypes[{i}]", "is not visible to your role.");
            }
        }
        return v;
    }

    private static async Task<Results<Created<RegisteredWebhook>, ValidationProblem>> Register(
        RegisterRequest body, Actor actor, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var v = Validate(body, actor);
        if (!v.IsValid) return v.ToProblem();
        var hook = new Webhook(Guid.NewGuid(), body.Url!, body.EventTypes!.Distinct().ToList(),
            "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)), actor, clock.GetUtcNow());
        session.Insert(hook);
        await session.SaveChangesAsync(ct);
        SecretResponses.Mark(http, "secret");
        return TypedResults.Created($"/api/v1/webhooks/{hook.Id}",
            new RegisteredWebhook(hook.Id, hook.Secret, hook.Url, hook.EventTypes, "active", hook.CreatedAt));
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
            session.Store(hook with { DeletedAt = clock.GetUtcNow() });
            await session.SaveChangesAsync(ct);
        }
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<PagedList<DeliveryView>>, ProblemHttpResult>> Deliveries(
        Guid id, PageRequest page, Actor actor, IQuerySession session, CancellationToken ct)
    {
        if (await Owned(session, id, actor, ct) is null) return Problems.NotFound("webhook");
        var query = session.Query<WebhookDelivery>().Where(d => d.WebhookId == id).OrderByDescending(d => d.Sequence);
        var total = await query.CountAsync(ct);
        var items = await query.Skip(page.Skip).Take(page.PageSize).ToListAsync(ct);
        return TypedResults.Ok(PagedList<DeliveryView>.From(items.Select(d => new DeliveryView(d.Id, d.EventId, d.Type, d.Status, d.CreatedAt,
            d.Status == DeliveryStatus.Pending ? d.NextAttemptAt : null, d.Attempts)).ToList(), total, page));
    }

    private static async Task<Webhook?> Owned(IQuerySession session, Guid id, Actor actor, CancellationToken ct) =>
        await session.LoadAsync<Webhook>(id, ct) is { } hook && (actor.Role == Roles.Admin || hook.Owner.Id == actor.Id) ? hook : null;
}
