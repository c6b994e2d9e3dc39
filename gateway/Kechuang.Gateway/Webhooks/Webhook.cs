using Kechuang.BuildingBlocks.Domain;

namespace Kechuang.Gateway.Webhooks;

/// <summary>A partner's webhook: where to POST which event types, and the secret that signs them.</summary>
public sealed record Webhook(
    Guid Id,
    string Url,
    IReadOnlyList<string> EventTypes,
    string Secret,
    Actor Owner,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DeletedAt = null)
{
    public bool IsActive => DeletedAt is null;
}
