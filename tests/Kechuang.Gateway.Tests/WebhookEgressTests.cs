using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;
using static Kechuang.Gateway.Tests.WebhookScenario;

namespace Kechuang.Gateway.Tests;

/// <summary>
/// Webhooks cannot be pointed into our own network: the gateway as deployed (private networks not
/// allowed), with host names from the factory's table instead of DNS.
/// </summary>
public sealed class WebhookEgressTests(WebhookEgressFactory gateway) : IClassFixture<WebhookEgressFactory>
{
    private readonly WebhookScenario _scenario = new(gateway);

    [Theory]
    [InlineData("https://127.0.0.1:5432/")]
    [InlineData("https://169.254.169.254/latest/meta-data/")]
    [InlineData("https://[::1]:5672/")]
    [InlineData("https://10.0.0.1/")]
    [InlineData("https://172.16.5.4/")]
    [InlineData("https://192.168.1.1/")]
    [InlineData("https://100.64.0.1/")]
    [InlineData("https://0.0.0.0:5080/")]
    [InlineData("https://224.0.0.1/")]
    [InlineData("https://[fe80::1]/")]
    [InlineData("https://[fd00::1]/")]
    [InlineData("https://[::ffff:127.0.0.1]/")]
    [InlineData("https://[::ffff:169.254.169.254]/")]
    [InlineData("https://0x7f000001/")]
    [InlineData("https://2130706433/")]
    [InlineData("https://localhost:5080/")]
    [InlineData("https://applications/health/ready")]
    [InlineData("https://intranet.partner.test/")]
    [InlineData("https://mixed.partner.test/")]
    public async Task A_URL_into_our_own_network_is_refused_and_nothing_is_stored(string url)
    {
        gateway.Names["intranet.partner.test"] = [IPAddress.Parse("10.20.30.40")];
        gateway.Names["mixed.partner.test"] = [IPAddress.Parse("8.8.8.8"), IPAddress.Parse("192.168.0.10")];
        var partner = await _scenario.Partner("centre");

        var answer = await partner.PostAsJsonAsync("/api/v1/webhooks", new { url, eventTypes = new[] { "pilot-designated" } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        Assert.Equal("webhook_url_not_allowed", (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(0, (await partner.GetFromJsonAsync<JsonElement>("/api/v1/webhooks")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_name_that_does_not_resolve_gets_the_same_answer_as_an_internal_one()
    {
        gateway.Names["intranet.partner.test"] = [IPAddress.Parse("10.20.30.40")];
        var partner = await _scenario.Partner("centre");
        async Task<string> Answer(string url)
        {
            var answer = await partner.PostAsJsonAsync("/api/v1/webhooks", new { url, eventTypes = new[] { "pilot-designated" } });
            var problem = (await answer.Content.ReadFromJsonAsync<JsonObject>())!;
            problem.Remove("traceId");
            problem.Remove("correlationId");
            return $"{(int)answer.StatusCode} {problem.ToJsonString()}";
        }

        Assert.Equal(await Answer("https://intranet.partner.test/"), await Answer("https://nowhere.partner.test/"));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5432/")]
    [InlineData("http://partner.test/hook")]
    [InlineData("http://applications/health/ready")]
    [InlineData("ftp://partner.test/hook")]
    [InlineData("https://user:password@partner.test/hook")]
    [InlineData("partner.test/hook")]
    public async Task A_URL_that_is_not_plain_https_is_a_validation_error(string url)
    {
        var partner = await _scenario.Partner("centre");
        var answer = await partner.PostAsJsonAsync("/api/v1/webhooks", new { url, eventTypes = new[] { "pilot-designated" } });

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        var problem = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("url", out _));
    }

    [Fact]
    public async Task An_https_URL_on_the_public_internet_is_registered()
    {
        gateway.Names["partner.test"] = [IPAddress.Parse("8.8.8.8"), IPAddress.Parse("2001:4860:4860::8888")];
        await Register(await _scenario.Partner("centre"), "https://partner.test/hook", "pilot-designated");
    }

    [Fact]
    public async Task A_name_that_resolves_to_our_network_at_delivery_is_not_connected_to()
    {
        await using var inside = await WebhookReceiver.StartAsync();
        var host = $"rebind-{Guid.NewGuid():N}.partner.test";
        gateway.Names[host] = [IPAddress.Parse("8.8.8.8")];
        var partner = await _scenario.Partner("reader");
        var (hook, _) = await Register(partner, $"https://{host}:{inside.Port}/hook", "resource-published");

        // DNS rebinding: the same name now answers with the gateway's own loopback.
        gateway.Names[host] = [IPAddress.Loopback];
        var eventId = Guid.NewGuid();
        await _scenario.Publish(Resource("重新绑定"), eventId);

        var delivery = await DeliveryOf(partner, hook, eventId, d => Attempts(d).Count >= 1);
        var first = Attempts(delivery)[0];
        Assert.Equal("address_not_allowed", first.GetProperty("error").GetString());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("statusCode").ValueKind);
        Assert.Empty(inside.Calls);
    }
}
