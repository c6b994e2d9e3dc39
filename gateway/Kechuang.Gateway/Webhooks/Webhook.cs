using Kechuang.BuildingBlocks.Domain;

namespace Kechuang.Gateway.Webhooks;

/// <summary>
/// A partner's webhook: where to POST which event types, and the secret that signs them. After a
/// rotation the previous secret keeps signing alongside the new one for <see cref="RotationOverlap"/>,
/// so a receiver can switch without losing a delivery. A webhook receives the events recorded after
/// <see cref="AfterSequence"/> (the change feed's position when it was registered).
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

    public bool IsActive => DeletedAt is null;

    public Webhook WithNewSecret(string secret, DateTimeOffset now) =>
        this with { Secret = secret, PreviousSecret = Secret, PreviousSecretUntil = now + RotationOverlap };

    /// <summary>The secrets that sign a delivery sent at <paramref name="now"/>, newest first.</summary>
    public IReadOnlyList<string> SigningSecrets(DateTimeOffset now) =>
        PreviousSecret is not null && PreviousSecretUntil > now ? [Secret, PreviousSecret] : [Secret];
}
