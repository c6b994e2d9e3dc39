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

public enum DeliveryStatus
{
    Pending,
    Delivered,
    Failed,
}

/// <summary>One attempt to deliver: when, what the receiver answered (or why it could not), how long.</summary>
public sealed record DeliveryAttempt(DateTimeOffset At, int? StatusCode, string? Error, double DurationMs);

/// <summary>One event for one webhook, with every attempt; retried with backoff until delivered or failed.</summary>
public sealed record WebhookDelivery(
    Guid Id,
    Guid WebhookId,
    Guid EventId,
    string Type,
    long Sequence,
    DeliveryStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset NextAttemptAt,
    IReadOnlyList<DeliveryAttempt> Attempts);
