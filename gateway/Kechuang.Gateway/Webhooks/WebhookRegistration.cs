using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Http;
using Kechuang.Gateway.Feed;
using Kechuang.Gateway.Idempotency;
using Kechuang.Gateway.Webhooks.Egress;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Kechuang.Gateway.Webhooks;

/// <summary>
/// <c>POST /api/v1/webhooks</c>: a URL on the public internet, for event types the caller may see;
/// at most <see cref="Webhook.MaxPerOwner"/> active per owner. The secret is shown once.
/// </summary>
public static class WebhookRegistration
{
    public const string UrlNotAllowed = "webhook_url_not_allowed";
    public const string LimitReached = "webhook_limit_reached";

    // Two-key advisory locks (class, owner) share no key space with the dispatcher's one-key lock.
    private const int OwnerLockClass = 44_449_002;

    public sealed record RegisterRequest(
        [property: MaxChars(WebhookUrl.MaxLength)] string? Url,
        [property: InVocabulary(typeof(EventCatalog), nameof(EventCatalog.Types))] IReadOnlyList<string>? EventTypes);

    /// <summary>The one response that carries the signing secret.</summary>
    public sealed record RegisteredWebhook(Guid Id, string Secret, string Url, IReadOnlyList<string> EventTypes, string Status, DateTimeOffset CreatedAt);

    internal static Validator Validate(RegisterRequest body, Actor actor, bool allowPrivateNetworks, out Uri? url)
    {
        var v = new Validator();
        url = WebhookUrl.Validate(v, "url", body.Url, allowPrivateNetworks);
        if (body.EventTypes is null || body.EventTypes.Count == 0) v.Add("eventTypes", "needs at least one event type (see GET /api/v1/event-types).");
        // No more than the catalogue holds, so a list of thousands costs one error, not one each.
        else if (body.EventTypes.Count > EventCatalog.Types.Count)
            v.Add("eventTypes", $"must have at most {EventCatalog.Types.Count} items, each event type once (see GET /api/v1/event-types).");
        else
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < body.EventTypes.Count; i++)
            {
                var type = body.EventTypes[i];
                if (!EventCatalog.IsKnown(type)) v.Add($"eventTypes[{i}]", $"is not an event type; one of: {string.Join(", ", EventCatalog.Types)}.");
                else if (!seen.Add(type)) v.Add($"eventTypes[{i}]", "is listed twice.");
                else if (!EventCatalog.CanSeeType(actor, type)) v.Add($"eventTypes[{i}]", "is not visible to your role.");
            }
        }
        return v;
    }

    internal static async Task<Results<Created<RegisteredWebhook>, ValidationProblem, ProblemHttpResult>> Register(
        RegisterRequest body, Actor actor, IDocumentSession session, WebhookTarget target, IOptions<WebhookOptions> options,
        TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var v = Validate(body, actor, options.Value.AllowPrivateNetworks, out var url);
        if (!v.IsValid) return v.ToProblem();
        // The same answer whether the name does not resolve or resolves to an internal address: the
        // difference would tell a caller which internal names exist.
        if ((await target.AllowedAddressesAsync(url!.IdnHost, ct)).Length == 0)
            return Problems.Of(StatusCodes.Status422UnprocessableEntity, UrlNotAllowed, "Webhooks are sent only to hosts on the public internet.",
                "The URL's host does not resolve, or resolves to an address that is not public (loopback, private, link-local, shared or reserved).");

        // Events recorded before the webhook existed are not sent to it.
        var last = await session.Events.QueryAllRawEvents().OrderByDescending(e => e.Sequence).FirstOrDefaultAsync(ct);

        // One registration per owner at a time, so the count below stays true until this one commits.
        await session.BeginTransactionAsync(ct);
        await session.AdvancedSql.QueryAsync<int>("select 1 from pg_advisory_xact_lock(?, hashtext(?))", ct, OwnerLockClass, actor.Id);
        if (await session.Query<Webhook>().CountAsync(w => w.Owner.Id == actor.Id && w.DeletedAt == null, ct) >= Webhook.MaxPerOwner)
            return Problems.Of(StatusCodes.Status422UnprocessableEntity, LimitReached, $"You have {Webhook.MaxPerOwner} active webhooks already.",
                "Delete one (DELETE /api/v1/webhooks/{id}) before registering another.");

        var hook = Webhook.Register(Guid.NewGuid(), body.Url!, [.. body.EventTypes!], WebhookSignatures.NewSecret(), actor,
            clock.GetUtcNow(), last?.Sequence ?? 0);
        session.Insert(hook);
        await session.SaveChangesAsync(ct);
        SecretResponses.Mark(http, "secret");
        return TypedResults.Created($"/api/v1/webhooks/{hook.Id}",
            new RegisteredWebhook(hook.Id, hook.Secret, hook.Url, hook.EventTypes, "active", hook.CreatedAt));
    }
}
