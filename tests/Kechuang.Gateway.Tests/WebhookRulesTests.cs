using System.Net;
using Kechuang.Gateway.Webhooks;
using Kechuang.Gateway.Webhooks.Dispatch;
using Kechuang.Gateway.Webhooks.Egress;
using Microsoft.Extensions.Options;
using Xunit;

namespace Kechuang.Gateway.Tests;

/// <summary>Retries, attempt slots, reachable hosts and the words attempts record (pure rules, no host).</summary>
public sealed class WebhookRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

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
}
