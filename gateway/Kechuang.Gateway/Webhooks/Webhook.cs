using Kechuang.BuildingBlocks.Domain;

namespace Kechuang.Gateway.Webhooks;

/// <summary>
/// A partner's webhook: where to POST which event types, and the secret that signs them. After a
/// rotation the previous secret keeps signing alongside the new one for <see cref="RotationOverlap"/>,
/// so a receiver can switch without losing a delivery. A webhook receives the events recorded after
/// <see cref="AfterSequence"/> (the change feed's position when it was registered). Its
/// <see cref="Changes"/> are what <c>GET /webhooks/{id}/history</c> shows; they never hold a secret.
/// </summary>
public sealed record Webhook(
    Guid Id,
    string Url,
    IReadOnlyList<string> EventTypes,
    string Secret,
    Actor Owner,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DeletedAt = null,
    string? PreviousSecret = null,
    DateTimeOffset? PreviousSecretUntil = null,
    long AfterSequence = 0)
{
    /// <summary>Active webhooks one owner may have.</summary>
    public const int MaxPerOwner = 20;

    public static readonly TimeSpan RotationOverlap = TimeSpan.FromHours(24);

    public IReadOnlyList<WebhookChange> Changes { get; init; } = [];

    public bool IsActive => DeletedAt is null;

    public Webhook WithNewSecret(string secret, DateTimeOffset now, Actor by) =>
        this with
        {
            Secret = secret, PreviousSecret = Secret, PreviousSecretUntil = now + RotationOverlap,
            Changes = [.. Changes, new WebhookChange("webhook-secret-rotated", now, by, PreviousSecretValidUntil: now + RotationOverlap)],
        };

    public Webhook Deleted(DateTimeOffset now, Actor by) =>
        this with { DeletedAt = now, Changes = [.. Changes, new WebhookChange("webhook-deleted", now, by)] };

    public static Webhook Register(Guid id, string url, IReadOnlyList<string> eventTypes, string secret, Actor owner, DateTimeOffset now, long afterSequence) =>
        new(id, url, eventTypes, secret, owner, now, AfterSequence: afterSequence)
        {
            Changes = [new WebhookChange("webhook-registered", now, owner, url, eventTypes)],
        };

    /// <summary>The secrets that sign a delivery sent at <paramref name="now"/>, newest first.</summary>
    public IReadOnlyList<string> SigningSecrets(DateTimeOffset now) =>
        PreviousSecret is not null && PreviousSecretUntil > now ? [Secret, PreviousSecret] : [Secret];
}

/// <summary>One step in a webhook's life, without its secrets: what was registered, when a secret was rotated, when it was deleted.</summary>
public sealed record WebhookChange(
    string Type, DateTimeOffset At, Actor By, string? Url = null, IReadOnlyList<string>? EventTypes = null,
    DateTimeOffset? PreviousSecretValidUntil = null);
