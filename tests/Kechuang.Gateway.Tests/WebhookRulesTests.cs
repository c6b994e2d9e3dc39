using System.Net;
using System.Security.Cryptography;
using System.Text;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.Gateway.Webhooks;
using Kechuang.Gateway.Webhooks.Dispatch;
using Kechuang.Gateway.Webhooks.Egress;
using Microsoft.Extensions.Options;
using Xunit;

namespace Kechuang.Gateway.Tests;

/// <summary>Signatures, secret rotation, retries and the words attempts record (pure rules, no host).</summary>
public sealed class WebhookRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private static Webhook Hook(string secret) =>
        new(Guid.NewGuid(), "https://partner.example.cn/hook", ["resource-published"], secret, Partner, Now);

    private static readonly Actor Partner = new("key:1", "p", Roles.Reader);

    [Fact]
    public void A_new_secret_is_a_standard_webhooks_secret_of_32_bytes()
    {
        var secret = WebhookSignatures.NewSecret();
        Assert.StartsWith("whsec_", secret);
        Assert.Equal(32, Convert.FromBase64String(secret["whsec_".Length..]).Length);
        Assert.NotEqual(secret, WebhookSignatures.NewSecret());
    }

    [Theory]
    [InlineData("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]
    [InlineData("whsec_0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void The_standard_signature_is_what_a_receiver_computes_from_the_secret(string secret)
    {
        var body = Encoding.UTF8.GetBytes("{\"id\":\"1\",\"type\":\"resource-published\",\"data\":{\"title\":\"机器人\"}}");
        var header = WebhookSignatures.Standard([secret], "d1", 1_772_352_000, body);

        // As the Standard Webhooks libraries do it: the key is the base64 after whsec_ (secrets of
        // 48 hex digits, minted before, are valid base64 too).
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("d1.1772352000.").Concat(body).ToArray());
        Assert.Equal("v1," + Convert.ToBase64String(expected), header);
    }

    [Fact]
    public void The_legacy_signature_is_the_hex_HMAC_of_the_body_keyed_with_the_secret_text()
    {
        var body = Encoding.UTF8.GetBytes("{}");
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("whsec_abc"), body));
        Assert.Equal(expected, WebhookSignatures.Legacy("whsec_abc", body));
    }

    [Fact]
    public void After_a_rotation_both_secrets_sign_for_24_hours_then_only_the_new_one()
    {
        var rotated = Hook("whsec_b2xk").WithNewSecret("whsec_bmV3", Now, Partner);
        Assert.Equal(["whsec_bmV3", "whsec_b2xk"], rotated.SigningSecrets(Now.AddHours(23)));
        Assert.Equal(["whsec_bmV3"], rotated.SigningSecrets(Now.AddHours(24)));

        var header = WebhookSignatures.Standard(rotated.SigningSecrets(Now), "d1", 1, [1, 2, 3]);
        Assert.Equal(2, header.Split(' ').Length);
        Assert.All(header.Split(' '), s => Assert.StartsWith("v1,", s));
    }

    [Fact]
    public void A_second_rotation_drops_the_oldest_secret()
    {
        var twice = Hook("whsec_MQ==").WithNewSecret("whsec_Mg==", Now, Partner).WithNewSecret("whsec_Mw==", Now.AddHours(1), Partner);
        Assert.Equal(["whsec_Mw==", "whsec_Mg=="], twice.SigningSecrets(Now.AddHours(2)));
        Assert.Equal(Now.AddHours(25), twice.PreviousSecretUntil);
    }

    private static WebhookDelivery Pending() =>
        new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "resource-published", 1, DeliveryStatus.Pending, Now, Now, []);

    [Fact]
    public void A_failed_attempt_is_retried_after_the_backoff_doubled_per_attempt()
    {
        var backoff = TimeSpan.FromSeconds(2);
        var once = Pending().After(new DeliveryAttempt(Now, 500, DeliveryOutcome.Rejected, 5), backoff);
        Assert.Equal(DeliveryStatus.Pending, once.Status);
        Assert.Equal(Now.AddSeconds(2), once.NextAttemptAt);
        var twice = once.After(new DeliveryAttempt(Now.AddSeconds(2), null, DeliveryOutcome.Timeout, 10_000), backoff);
        Assert.Equal(Now.AddSeconds(6), twice.NextAttemptAt);
    }

    [Fact]
    public void The_eighth_failed_attempt_ends_the_delivery_as_failed()
    {
        var delivery = Pending();
        for (var i = 0; i < WebhookDelivery.MaxAttempts; i++)
            delivery = delivery.After(new DeliveryAttempt(Now, null, DeliveryOutcome.ConnectionFailed, 1), TimeSpan.FromSeconds(1));
        Assert.Equal(DeliveryStatus.Failed, delivery.Status);
        Assert.Equal(WebhookDelivery.MaxAttempts, delivery.Attempts.Count);
    }

    [Fact]
    public void A_2xx_answer_ends_the_delivery_as_delivered()
    {
        var delivered = Pending().After(new DeliveryAttempt(Now, 204, null, 3), TimeSpan.FromSeconds(1));
        Assert.Equal(DeliveryStatus.Delivered, delivered.Status);
    }

    [Theory]
    [InlineData(null, null, null)]
    [InlineData(500, "The receiver answered 500.", "rejected")]
    [InlineData(null, "No answer within 10 s.", "timeout")]
    [InlineData(null, "The webhook was deleted.", "webhook_deleted")]
    [InlineData(null, "Connection refused (127.0.0.1:5432)", "connection_failed")]
    [InlineData(null, "Name or service not known (applications:80)", "connection_failed")]
    [InlineData(null, "tls_failed", "tls_failed")]
    public void Attempts_stored_before_outcomes_were_words_are_shown_as_words(int? status, string? stored, string? shown) =>
        Assert.Equal(shown, DeliveryOutcome.Of(new DeliveryAttempt(Now, status, stored, 1)));

    [Fact]
    public void A_receiver_gets_its_share_of_attempts_and_all_receivers_together_the_overall_limit()
    {
        var slots = new DeliverySlots(overall: 3, perReceiver: 2, perOwner: 10);
        DeliveryLane a = new("a:443", "key:1"), b = new("b:443", "key:2"), c = new("c:443", "key:3");
        Assert.True(slots.TryTake(a));
        Assert.True(slots.TryTake(a));
        Assert.False(slots.TryTake(a));
        Assert.True(slots.IsFull(a));
        Assert.True(slots.TryTake(b));
        Assert.False(slots.TryTake(c));
        Assert.Equal(0, slots.Free);

        slots.Release(a);
        Assert.False(slots.IsFull(a));
        Assert.True(slots.TryTake(c));
        Assert.False(slots.IsFull(c));
    }

    [Fact]
    public void An_owner_gets_its_share_of_attempts_whatever_its_receivers()
    {
        var slots = new DeliverySlots(overall: 10, perReceiver: 2, perOwner: 3);
        Assert.True(slots.TryTake(new("a:443", "key:1")));
        Assert.True(slots.TryTake(new("b:443", "key:1")));
        Assert.True(slots.TryTake(new("c:443", "key:1")));
        Assert.False(slots.TryTake(new("d:443", "key:1")));
        Assert.True(slots.IsFull(new("d:443", "key:1")));
        // Another owner's webhook on the same receiver still has its place.
        Assert.True(slots.TryTake(new("a:443", "key:2")));

        slots.Release(new("b:443", "key:1"));
        Assert.True(slots.TryTake(new("d:443", "key:1")));
    }

    private sealed class Names(Dictionary<string, IPAddress[]> names) : IWebhookResolver
    {
        public Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) => Task.FromResult(names.GetValueOrDefault(host) ?? []);
    }

    private static WebhookTarget Target(bool allowPrivate = false) => new(new Names(new()
    {
        ["partner.example.cn"] = [IPAddress.Parse("8.8.4.4"), IPAddress.Parse("2606:4700::1")],
        ["mixed.example.cn"] = [IPAddress.Parse("8.8.4.4"), IPAddress.Parse("10.0.0.5")],
        ["mapped.example.cn"] = [IPAddress.Parse("::ffff:8.8.4.4")],
        ["localhost"] = [IPAddress.Loopback],
    }), Options.Create(new WebhookOptions { AllowPrivateNetworks = allowPrivate }));

    [Theory]
    [InlineData("partner.example.cn", 2)]
    [InlineData("mixed.example.cn", 0)]
    [InlineData("nowhere.example.cn", 0)]
    [InlineData("localhost", 0)]
    [InlineData("127.0.0.1", 0)]
    [InlineData("::ffff:127.0.0.1", 0)]
    [InlineData("8.8.8.8", 1)]
    public async Task A_host_is_reachable_only_when_every_address_it_resolves_to_is_public(string host, int addresses) =>
        Assert.Equal(addresses, (await Target().AllowedAddressesAsync(host, CancellationToken.None)).Length);

    [Fact]
    public async Task An_IPv4_mapped_answer_is_connected_to_as_IPv4() =>
        Assert.Equal([IPAddress.Parse("8.8.4.4")], await Target().AllowedAddressesAsync("mapped.example.cn", CancellationToken.None));

    [Fact]
    public async Task With_private_networks_allowed_loopback_is_reachable() =>
        Assert.Equal([IPAddress.Loopback], await Target(allowPrivate: true).AllowedAddressesAsync("localhost", CancellationToken.None));

    [Theory]
    [InlineData("http://0x7f000001/")]
    [InlineData("http://017700000001/")]
    [InlineData("http://2130706433/")]
    [InlineData("http://127.1/")]
    [InlineData("http://[::ffff:7f00:1]/")]
    public async Task Unusual_spellings_of_loopback_are_refused(string url) =>
        Assert.Empty(await Target().AllowedAddressesAsync(new Uri(url).IdnHost, CancellationToken.None));

    [Theory]
    [InlineData("https://[2606:4700:4700::1111]:8443/x", true)]
    [InlineData("https://[fd00::1]/x", false)]
    public async Task An_IPv6_literal_is_judged_by_its_address_without_a_lookup(string url, bool reachable) =>
        Assert.Equal(reachable, (await Target().AllowedAddressesAsync(new Uri(url).IdnHost, CancellationToken.None)).Length == 1);
}
