using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Kechuang.Gateway.Tests;

/// <summary>Idempotency-Key on the gateway's own POSTs (the same middleware guards every proxied POST).</summary>
public sealed class IdempotencyTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private static HttpRequestMessage Post(string name, string idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/api-keys")
        {
            Content = JsonContent.Create(new { name, role = "reader" }),
        };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return request;
    }

    private async Task<int> KeysNamed(string name)
    {
        var list = await gateway.Admin().GetFromJsonAsync<JsonElement>("/api/v1/api-keys?pageSize=200");
        return list.GetProperty("items").EnumerateArray().Count(k => k.GetProperty("name").GetString() == name);
    }

    [Fact]
    public async Task Concurrent_posts_with_the_same_key_have_one_effect_and_identical_responses()
    {
        var name = $"idempotent {Guid.NewGuid():N}";
        var idempotencyKey = Guid.NewGuid().ToString();
        var admin = gateway.Admin();

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => admin.SendAsync(Post(name, idempotencyKey))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Single(responses.Select(r => r.Headers.Location?.ToString()).Distinct());
        var replays = responses.Where(r => r.Headers.Contains("Idempotent-Replayed")).ToList();
        Assert.Equal(9, replays.Count);
        // The replays are one answer: the first one's, without the key it showed once.
        var replayed = await Task.WhenAll(replays.Select(r => r.Content.ReadAsStringAsync()));
        Assert.Single(replayed.Distinct());
        Assert.Equal(1, await KeysNamed(name));
    }

    [Fact]
    public async Task A_replayed_key_creation_answers_without_the_key_and_says_so()
    {
        var idempotencyKey = Guid.NewGuid().ToString();
        var name = $"shown once {Guid.NewGuid():N}";
        var first = await gateway.Admin().SendAsync(Post(name, idempotencyKey));
        var created = await first.Content.ReadFromJsonAsync<JsonElement>();
        var secret = created.GetProperty("key").GetString()!;

        var again = await gateway.Admin().SendAsync(Post(name, idempotencyKey));
        var body = await again.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal("key", Assert.Single(again.Headers.GetValues("Idempotent-Secret-Omitted")));
        Assert.DoesNotContain(secret, body);
        var replayed = JsonDocument.Parse(body).RootElement;
        Assert.False(replayed.TryGetProperty("key", out _));
        Assert.Equal(created.GetProperty("id").GetString(), replayed.GetProperty("id").GetString());
        await using var session = gateway.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var stored = await session.Query<Kechuang.Gateway.Idempotency.IdempotencyRecord>().ToListAsync();
        Assert.DoesNotContain(stored, r => r.Body is { } b && System.Text.Encoding.UTF8.GetString(b).Contains(secret));
    }

    [Fact]
    public async Task A_replayed_webhook_registration_answers_without_the_secret()
    {
        var idempotencyKey = Guid.NewGuid().ToString();
        HttpRequestMessage Register()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/webhooks")
            {
                Content = JsonContent.Create(new { url = "http://127.0.0.1:9/kechuang", eventTypes = new[] { "pilot-designated" } }),
            };
            request.Headers.Add("Idempotency-Key", idempotencyKey);
            return request;
        }
        var first = await gateway.Admin().SendAsync(Register());
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var secret = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;

        var again = await gateway.Admin().SendAsync(Register());

        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal("secret", Assert.Single(again.Headers.GetValues("Idempotent-Secret-Omitted")));
        Assert.DoesNotContain(secret, await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Retries_waiting_on_a_request_that_failed_run_themselves_and_leave_the_key_free()
    {
        // No service runs behind this gateway: every forwarded POST fails with a 5xx, which is not
        // kept, so each waiting retry with the same key runs in turn (never 409 "in progress").
        var idempotencyKey = Guid.NewGuid().ToString();
        var admin = gateway.Admin();
        HttpRequestMessage Station()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/stations") { Content = JsonContent.Create(new { name = "乡村科教服务站" }) };
            request.Headers.Add("Idempotency-Key", idempotencyKey);
            return request;
        }

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => admin.SendAsync(Station())));
        var after = await admin.SendAsync(Station());

        Assert.All(responses.Append(after), r =>
        {
            Assert.True((int)r.StatusCode >= 500, $"answered {(int)r.StatusCode}");
            Assert.False(r.Headers.Contains("Idempotent-Replayed"), "a 5xx is never replayed");
        });
        // Nothing is kept of a failure: the key stays free for the next retry.
        await using var session = gateway.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var stored = await session.Query<Kechuang.Gateway.Idempotency.IdempotencyRecord>().ToListAsync();
        Assert.DoesNotContain(stored, r => r.Id.Contains(idempotencyKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_422_and_changes_nothing()
    {
        var idempotencyKey = Guid.NewGuid().ToString();
        var first = $"first {Guid.NewGuid():N}";
        var second = $"second {Guid.NewGuid():N}";
        Assert.Equal(HttpStatusCode.Created, (await gateway.Admin().SendAsync(Post(first, idempotencyKey))).StatusCode);

        var reused = await gateway.Admin().SendAsync(Post(second, idempotencyKey));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.Equal("idempotency_key_reused", (await reused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(0, await KeysNamed(second));
    }

    [Fact]
    public async Task A_refused_request_is_replayed_like_any_other_answer()
    {
        var idempotencyKey = Guid.NewGuid().ToString();
        var invalid = new HttpRequestMessage(HttpMethod.Post, "/api/v1/api-keys") { Content = JsonContent.Create(new { role = "nobody" }) };
        invalid.Headers.Add("Idempotency-Key", idempotencyKey);
        var rejected = await gateway.Admin().SendAsync(invalid);
        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);

        // A 4xx is an answer like any other: the same request replays it.
        var again = new HttpRequestMessage(HttpMethod.Post, "/api/v1/api-keys") { Content = JsonContent.Create(new { role = "nobody" }) };
        again.Headers.Add("Idempotency-Key", idempotencyKey);
        var replayed = await gateway.Admin().SendAsync(again);
        Assert.Equal(HttpStatusCode.BadRequest, replayed.StatusCode);
        Assert.True(replayed.Headers.Contains("Idempotent-Replayed"));
    }
}
