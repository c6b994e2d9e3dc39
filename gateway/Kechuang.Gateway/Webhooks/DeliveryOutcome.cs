namespace Kechuang.Gateway.Webhooks;

/// <summary>
/// The words an attempt records instead of an error message. Exception texts name addresses and
/// ports ("Connection refused (127.0.0.1:5432)"): shown to a partner, they would make webhooks a
/// port scanner.
/// </summary>
public static class DeliveryOutcome
{
    /// <summary>The receiver answered with a status other than 2xx (its status code is recorded).</summary>
    public const string Rejected = "rejected";

    /// <summary>No answer within the attempt's timeout.</summary>
    public const string Timeout = "timeout";

    public const string ConnectionFailed = "connection_failed";

    public const string TlsFailed = "tls_failed";

    /// <summary>The receiver answered something that is not HTTP, or closed the connection mid-answer.</summary>
    public const string InvalidResponse = "invalid_response";

    /// <summary>The host did not resolve, or resolved to an address webhooks may not reach.</summary>
    public const string AddressNotAllowed = "address_not_allowed";

    /// <summary>Not sent: the webhook was deleted.</summary>
    public const string WebhookDeleted = "webhook_deleted";

    /// <summary>Not sent: the owner's key was revoked (or its staff account removed).</summary>
    public const string OwnerRevoked = "owner_revoked";

    public static readonly IReadOnlyList<string> All =
        [Rejected, Timeout, ConnectionFailed, TlsFailed, InvalidResponse, AddressNotAllowed, WebhookDeleted, OwnerRevoked];

    /// <summary>
    /// The word for a stored attempt; attempts recorded before outcomes were words hold a sentence
    /// or an exception's text, which is never shown.
    /// </summary>
    public static string? Of(DeliveryAttempt attempt) => attempt.Error switch
    {
        null => null,
        var word when All.Contains(word) => word,
        _ when attempt.StatusCode is not null => Rejected,
        "No answer within 10 s." => Timeout,
        "The webhook was deleted." => WebhookDeleted,
        _ => ConnectionFailed,
    };
}
