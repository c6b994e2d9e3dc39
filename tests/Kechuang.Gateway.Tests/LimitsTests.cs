using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kechuang.Gateway.Limits;
using Xunit;

namespace Kechuang.Gateway.Tests;

public sealed class LimitsTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private async Task<string> NewKey(string role = "reader")
    {
        var response = await gateway.Admin().PostAsJsonAsync("/api/v1/api-keys", new { name = "limits", role });
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    [Fact]
    public async Task A_burst_over_the_limit_is_answered_429_with_Retry_After_per_key()
    {
        var noisy = gateway.WithKey(await NewKey());
        var responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => noisy.GetAsync("/api/v1/event-types")));

        var limited = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(limited);
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(limited, r => Assert.NotNull(r.Headers.RetryAfter));
        Assert.Equal("rate_limited", (await limited[0].Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        // Another partner is not slowed down by the noisy one.
        Assert.Equal(HttpStatusCode.OK, (await gateway.WithKey(await NewKey()).GetAsync("/api/v1/event-types")).StatusCode);
    }

    private static int Header(HttpResponseMessage response, string name) => int.Parse(response.Headers.GetValues(name).Single());

    [Fact]
    public async Task Every_answer_says_the_callers_quota_counting_down_to_0_when_it_is_refused()
    {
        // The factory's bucket: 60 tokens, 20 more a second.
        var caller = gateway.WithKey(await NewKey());
        var first = await caller.GetAsync("/api/v1/event-types");
        var second = await caller.GetAsync("/api/v1/event-types");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(60, Header(first, "RateLimit-Limit"));
        Assert.Equal(59, Header(first, "RateLimit-Remaining"));
        Assert.Equal(1, Header(first, "RateLimit-Reset"));
        // One token fewer, unless the bucket was topped up to full in between.
        Assert.Contains(Header(second, "RateLimit-Remaining"), new[] { 58, 59 });

        var burst = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => caller.GetAsync("/api/v1/event-types")));
        var limited = burst.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(limited);
        Assert.All(limited, r =>
        {
            Assert.Equal(60, Header(r, "RateLimit-Limit"));
            Assert.Equal(0, Header(r, "RateLimit-Remaining"));
            Assert.Equal(3, Header(r, "RateLimit-Reset"));
        });
        Assert.All(burst.Where(r => r.IsSuccessStatusCode), r => Assert.InRange(Header(r, "RateLimit-Remaining"), 0, 59));
    }

    [Fact]
    public async Task A_request_target_over_8_KiB_is_a_414_problem_for_every_one_of_parallel_callers_and_8_KiB_passes()
    {
        var client = gateway.WithKey(await NewKey());
        var tooLong = "/api/v1/event-types?q=" + new string('x', RequestLimits.RequestTargetLimit);
        var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => client.GetAsync(tooLong)));
        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.RequestUriTooLong, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("uri_too_long", problem.GetProperty("code").GetString());
            Assert.Equal("/docs/problems/uri_too_long", problem.GetProperty("type").GetString());
        }
        // Percent-encoding counts as sent: 8 KiB of target exactly is still taken.
        var longest = "/api/v1/event-types?q=";
        longest += string.Concat(Enumerable.Repeat("%E7%A7%91", (RequestLimits.RequestTargetLimit - longest.Length) / 9));
        longest += new string('x', RequestLimits.RequestTargetLimit - longest.Length);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(longest)).StatusCode);
        Assert.Equal(HttpStatusCode.RequestUriTooLong, (await client.GetAsync(longest + "x")).StatusCode);
    }

    [Fact]
    public async Task A_20_MiB_body_is_refused_with_413_before_it_is_read_and_the_413_carries_the_rate_limit_headers()
    {
        var client = gateway.WithKey(await NewKey("centre"));
        using var body = new ByteArrayContent(new byte[20 * 1024 * 1024]);
        body.Headers.ContentType = new("application/json");
        var response = await client.PostAsync("/api/v1/calls", body);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("payload_too_large", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        foreach (var name in new[] { "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset" })
            Assert.True(response.Headers.Contains(name), name);
    }

    [Theory]
    [InlineData("POST", "/api/v1/calls", 2 * 1024 * 1024, "At most 1024 KiB here.")]
    [InlineData("PUT", "/api/v1/applications/6f2c1b1e-0000-4000-8000-000000000001/seal-scan", 11 * 1024 * 1024, "At most 10304 KiB here.")]
    public async Task The_gateway_itself_refuses_a_body_over_its_limit_whatever_its_type(string method, string path, int bytes, string detail)
    {
        var client = gateway.WithKey(await NewKey("centre"));
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new ByteArrayContent(new byte[bytes]) };
        request.Content.Headers.ContentType = new("application/octet-stream");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("payload_too_large", detail), (problem.GetProperty("code").GetString(), problem.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task Responses_carry_security_headers_and_a_correlation_id()
    {
        var response = await gateway.WithKey(await NewKey()).GetAsync("/api/v1/event-types");
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.NotEmpty(response.Headers.GetValues("X-Correlation-Id").Single());
    }

    [Fact]
    public async Task An_unknown_route_is_a_404_problem()
    {
        var response = await gateway.CreateClient().GetAsync("/api/v2/anything");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("route_not_found", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }
}
