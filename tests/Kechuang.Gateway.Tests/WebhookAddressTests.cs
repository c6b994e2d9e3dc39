using System.Net;
using Kechuang.BuildingBlocks.Http;
using Kechuang.Gateway.Webhooks;
using Kechuang.Gateway.Webhooks.Egress;
using Xunit;

namespace Kechuang.Gateway.Tests;

/// <summary>Which addresses and URLs a webhook may reach (pure rules, no host).</summary>
public sealed class WebhookAddressTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.255.254")]
    [InlineData("10.0.0.1")]
    [InlineData("10.255.255.255")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.0.1")]
    [InlineData("192.168.255.255")]
    [InlineData("169.254.169.254")]
    [InlineData("169.254.0.1")]
    [InlineData("100.64.0.1")]
    [InlineData("100.127.255.255")]
    [InlineData("192.0.0.8")]
    [InlineData("192.0.2.1")]
    [InlineData("198.18.0.1")]
    [InlineData("198.51.100.7")]
    [InlineData("203.0.113.9")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("febf:ffff::1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456:789a::1")]
    [InlineData("fec0::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.1.2.3")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("::ffff:192.168.1.1")]
    [InlineData("::ffff:100.64.0.1")]
    [InlineData("::127.0.0.1")]
    [InlineData("64:ff9b::7f00:1")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    [InlineData("64:ff9b:1::1")]
    [InlineData("2002:7f00:1::1")]
    [InlineData("2002:c0a8:101::1")]
    [InlineData("2001:db8::1")]
    [InlineData("2001::1")]
    [InlineData("100::1")]
    [InlineData("3fff::1")]
    public void Our_own_network_and_special_ranges_are_private(string address) =>
        Assert.Equal(AddressKind.Private, WebhookAddresses.Classify(IPAddress.Parse(address)));

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("0.1.2.3")]
    [InlineData("224.0.0.1")]
    [InlineData("239.255.255.250")]
    [InlineData("240.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::")]
    [InlineData("ff02::1")]
    [InlineData("ff05::1:3")]
    [InlineData("::ffff:0.0.0.0")]
    [InlineData("::ffff:224.0.0.1")]
    [InlineData("64:ff9b::e000:1")]
    public void Unspecified_multicast_and_reserved_addresses_are_never_receivers(string address)
    {
        Assert.Equal(AddressKind.Never, WebhookAddresses.Classify(IPAddress.Parse(address)));
        Assert.False(WebhookAddresses.Allows(IPAddress.Parse(address), allowPrivateNetworks: true));
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.0")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.0")]
    [InlineData("192.167.255.255")]
    [InlineData("192.169.0.0")]
    [InlineData("169.253.255.255")]
    [InlineData("11.0.0.0")]
    [InlineData("223.255.255.255")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("2400:3200::1")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]
    [InlineData("2002:808:808::1")]
    public void Addresses_on_the_public_internet_are_allowed(string address)
    {
        Assert.Equal(AddressKind.Public, WebhookAddresses.Classify(IPAddress.Parse(address)));
        Assert.True(WebhookAddresses.Allows(IPAddress.Parse(address), allowPrivateNetworks: false));
    }

    [Fact]
    public void Private_addresses_are_allowed_only_when_private_networks_are()
    {
        Assert.False(WebhookAddresses.Allows(IPAddress.Loopback, allowPrivateNetworks: false));
        Assert.True(WebhookAddresses.Allows(IPAddress.Loopback, allowPrivateNetworks: true));
    }

    [Theory]
    [InlineData("https://partner.example.cn/hooks", true)]
    [InlineData("https://[2606:4700:4700::1111]:8443/x", true)]
    [InlineData("http://partner.example.cn/hooks", false)]
    [InlineData("ftp://partner.example.cn/hooks", false)]
    [InlineData("file:///etc/passwd", false)]
    [InlineData("/relative/path", false)]
    [InlineData("not a url", false)]
    [InlineData("https://user:secret@partner.example.cn/hooks", false)]
    public void A_webhook_URL_is_an_absolute_https_URL_without_credentials(string url, bool valid)
    {
        var v = new Validator();
        var parsed = WebhookUrl.Validate(v, "url", url, allowPrivateNetworks: false);
        Assert.Equal(valid, v.IsValid);
        Assert.Equal(valid, parsed is not null);
    }

    [Fact]
    public void Plain_http_is_accepted_only_when_private_networks_are()
    {
        var v = new Validator();
        Assert.NotNull(WebhookUrl.Validate(v, "url", "http://127.0.0.1:8080/hook", allowPrivateNetworks: true));
        Assert.True(v.IsValid);
    }

    [Fact]
    public void An_overlong_URL_is_refused()
    {
        var v = new Validator();
        Assert.Null(WebhookUrl.Validate(v, "url", "https://partner.example.cn/" + new string('a', WebhookUrl.MaxLength), false));
        Assert.False(v.IsValid);
    }

    [Fact]
    public void Private_networks_are_off_unless_configured() => Assert.False(new WebhookOptions().AllowPrivateNetworks);
}
