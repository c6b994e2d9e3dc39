using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Http;
using Kechuang.Gateway.Idempotency;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kechuang.Gateway.Webhooks;

/// <summary>
/// <c>POST /api/v1/webhooks/{id}/secret</c> (the owner, or an admin): a new signing secret, shown
/// once. The previous one keeps signing alongside it for <see cref="Webhook.RotationOverlap"/>.
/// </summary>
public static class SecretRotation
{
    public sealed record RotatedSecret(Guid Id, string Secret, DateTimeOffset PreviousSecretValidUntil);

    internal static async Task<Results<Ok<RotatedSecret>, ProblemHttpResult>> Rotate(
        Guid id, Actor actor, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        if (await WebhookEndpoints.Owned(session, id, actor, ct) is not { } hook) return Problems.NotFound("webhook");
        if (!hook.IsActive) return Problems.InvalidState("The webhook was deleted.");
        var rotated = hook.WithNewSecret(WebhookSignatures.NewSecret(), clock.GetUtcNow(), actor);
        // Optimistic concurrency on webhooks: of two rotations at once, one is a 409, so no secret
        // handed out is one that never signs.
        session.Store(rotated);
        await session.SaveChangesAsync(ct);
        SecretResponses.Mark(http, "secret");
        return TypedResults.Ok(new RotatedSecret(rotated.Id, rotated.Secret, rotated.PreviousSecretUntil!.Value));
    }
}
