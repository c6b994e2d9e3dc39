using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace Kechuang.Gateway.Tests;

/// <summary><c>Idempotency-Key</c> on a POST the gateway forwards to a service (here the stub standing in for Outreach).</summary>
public sealed class ForwardedIdempotencyTests(StubbedGateway gateway) : IClassFixture<StubbedGateway>
{
    private static HttpRequestMessage Station(string name, string idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/stations") { Content = JsonContent.Create(new { name }) };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return request;
    }

    private int Forwarded(Guid mark) => gateway.Stub.Calls.Count(c => c.Path == "/api/v1/stations" && c.Body?.Contains($"{mark:N}") == true);

    [Fact]
    public async Task A_forwarded_post_replays_its_answer_and_the_same_key_with_another_body_is_422_and_never_reaches_the_service()
    {
        var idempotencyKey = Guid.NewGuid().ToString();
        var (firstMark, secondMark) = (Guid.NewGuid(), Guid.NewGuid());
        var first = $"西江村服务站 {firstMark:N}";
        var second = $"丹江村服务站 {secondMark:N}";
        var admin = gateway.Admin();

        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(Station(first, idempotencyKey))).StatusCode);
        var replayed = await admin.SendAsync(Station(first, idempotencyKey));
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.True(replayed.Headers.Contains("Idempotent-Replayed"));

        var reused = await admin.SendAsync(Station(second, idempotencyKey));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.Equal("application/problem+json", reused.Content.Headers.ContentType?.MediaType);
        Assert.Equal("idempotency_key_reused", (await reused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        Assert.Equal(1, Forwarded(firstMark));
        Assert.Equal(0, Forwarded(secondMark));
    }
}
