namespace Kechuang.Gateway.Webhooks;

public enum DeliveryStatus
{
    Pending,
    Delivered,
    Failed,
}

/// <summary>
/// One attempt to deliver: when, the receiver's status code or a <see cref="DeliveryOutcome"/> word
/// (in <see cref="Error"/>, null when delivered), how long it took.
/// </summary>
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
    IReadOnlyList<DeliveryAttempt> Attempts)
{
    public const int MaxAttempts = 8;

    /// <summary>Taken by the dispatcher until <paramref name="until"/>: not due again while its attempt runs.</summary>
    public WebhookDelivery LeasedUntil(DateTimeOffset until) => this with { NextAttemptAt = until };

    /// <summary>
    /// After <paramref name="attempt"/>: delivered, failed after <see cref="MaxAttempts"/>, or due
    /// again after <paramref name="backoff"/> × 2ⁿ⁻¹ (n attempts made).
    /// </summary>
    public WebhookDelivery After(DeliveryAttempt attempt, TimeSpan backoff)
    {
        List<DeliveryAttempt> attempts = [.. Attempts, attempt];
        if (attempt.Error is null) return this with { Status = DeliveryStatus.Delivered, Attempts = attempts };
        if (attempts.Count >= MaxAttempts) return this with { Status = DeliveryStatus.Failed, Attempts = attempts };
        return this with { NextAttemptAt = attempt.At + backoff * Math.Pow(2, attempts.Count - 1), Attempts = attempts };
    }

    /// <summary>Ends without sending anything: the webhook was deleted, or its owner's key revoked.</summary>
    public WebhookDelivery EndedUnsent(string outcome, DateTimeOffset now) =>
        this with { Status = DeliveryStatus.Failed, Attempts = [.. Attempts, new DeliveryAttempt(now, null, outcome, 0)] };
}
