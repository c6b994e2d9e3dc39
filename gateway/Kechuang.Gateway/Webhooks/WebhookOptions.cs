namespace Kechuang.Gateway.Webhooks;

/// <summary><c>Kechuang:Webhooks</c>: how webhooks are delivered.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Kechuang:Webhooks";

    /// <summary>
    /// Plain <c>http</c> and private targets (loopback, 10/8, 192.168/16…). Off by default, and
    /// everywhere a partner can register a webhook: only tests with a local receiver turn it on.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>The first retry's delay; each further retry waits twice as long.</summary>
    public int BackoffMs { get; set; } = 2000;

    /// <summary>How long one attempt may take, connecting included, until the receiver's answer starts.</summary>
    public int TimeoutMs { get; set; } = 10_000;

    /// <summary>Attempts in flight at once, over all receivers.</summary>
    public int MaxConcurrentDeliveries { get; set; } = 32;

    /// <summary>Attempts in flight at once to one receiver (host and port).</summary>
    public int MaxConcurrentPerHost { get; set; } = 4;

    /// <summary>Attempts in flight at once for one owner's webhooks, whatever their receivers.</summary>
    public int MaxConcurrentPerOwner { get; set; } = 8;

    public TimeSpan Backoff => TimeSpan.FromMilliseconds(BackoffMs);

    public TimeSpan Timeout => TimeSpan.FromMilliseconds(TimeoutMs);
}
