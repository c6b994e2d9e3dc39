using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace Kechuang.EndToEnd.Tests;

public sealed class HealthTests(SystemFixture system)
{
    [Fact]
    public async Task The_gateway_reports_all_five_services_ready_and_its_rate_limits_shared_through_Redis()
    {
        var response = await system.Gateway.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var health = await response.Content.ReadFromJsonAsync<JsonElement>();
        var checks = health.GetProperty("checks");
        foreach (var service in new[] { "applications", "resources", "experts", "training", "outreach" })
            Assert.Equal("Healthy", checks.GetProperty(service).GetProperty("status").GetString());
        // The AppHost hands the gateway Redis, and the gateway's buckets are there.
        var limits = checks.GetProperty("rate-limits");
        Assert.Equal(("Healthy", "Rate limits are shared through Redis."),
            (limits.GetProperty("status").GetString(), limits.GetProperty("description").GetString()));
    }

    [Fact]
    public async Task An_unknown_route_is_a_404_problem_with_a_code_and_a_correlation_id()
    {
        var response = await system.Gateway.GetAsync("/api/v1/no-such-collection");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("route_not_found", problem.GetProperty("code").GetString());
        Assert.True(response.Headers.Contains("X-Correlation-Id"));
    }

    [Fact]
    public async Task A_correlation_id_sent_by_the_caller_is_kept()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Add("X-Correlation-Id", "partner-req-42");
        var response = await system.Gateway.SendAsync(request);
        Assert.Equal("partner-req-42", response.Headers.GetValues("X-Correlation-Id").Single());
    }
}
