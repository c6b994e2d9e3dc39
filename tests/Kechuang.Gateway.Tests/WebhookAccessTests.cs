using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kechuang.TestKit;
using Xunit;
using static Kechuang.Gateway.Tests.WebhookScenario;

namespace Kechuang.Gateway.Tests;

/// <summary>Who may read, rotate and stop which webhook; how many one owner may have; revoked keys.</summary>
public sealed class WebhookAccessTests(WebhookFactory gateway) : IClassFixture<WebhookFactory>
{
    private readonly WebhookScenario _scenario = new(gateway);

    /// <summary>A key of every role but admin, and another province's, none of which owns the webhook under test.</summary>
    private async Task<List<(string Who, HttpClient Client)>> Strangers() =>
    [
        ("centre", await _scenario.Partner("centre")),
        ("province 北京市", await _scenario.Partner("province", "北京市")),
        ("another key of 广东省", await _scenario.Partner("province", "广东省")),
        ("unit", await _scenario.Partner("unit")),
        ("expert", await _scenario.Partner("expert", expertId: Guid.NewGuid())),
        ("school", await _scenario.Partner("school")),
        ("trainer", await _scenario.Partner("trainer", expertId: Guid.NewGuid())),
        ("operator", await _scenario.Partner("operator")),
        ("reader", await _scenario.Partner("reader")),
    ];

    [Fact]
    public async Task A_webhook_is_read_by_its_owner_and_an_admin_and_is_not_found_for_anyone_else()
    {
        var owner = await _scenario.Partner("province", "广东省");
        var (hook, _) = await Register(owner, "http://127.0.0.1:9/hook", "pilot-designated");

        var view = await owner.GetFromJsonAsync<JsonElement>($"/api/v1/webhooks/{hook}");
        Assert.Equal(hook, view.GetProperty("id").GetGuid());
        Assert.Equal("http://127.0.0.1:9/hook", view.GetProperty("url").GetString());
        Assert.Equal(["pilot-designated"], view.GetProperty("eventTypes").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("active", view.GetProperty("status").GetString());
        Assert.False(view.TryGetProperty("secret", out _));
        Assert.Equal(HttpStatusCode.OK, (await gateway.Admin().GetAsync($"/api/v1/webhooks/{hook}")).StatusCode);

        foreach (var (who, stranger) in await Strangers())
        {
            foreach (var path in new[] { $"/api/v1/webhooks/{hook}", $"/api/v1/webhooks/{hook}/deliveries", $"/api/v1/webhooks/{hook}/history" })
            {
                var answer = await stranger.GetAsync(path);
                Assert.True(answer.StatusCode == HttpStatusCode.NotFound, $"{who} GET {path}: {(int)answer.StatusCode}");
                Assert.Equal("not_found", (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
            }
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsync($"/api/v1/webhooks/{hook}/secret", null)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.DeleteAsync($"/api/v1/webhooks/{hook}")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/api/v1/webhooks/{hook}")).StatusCode);
        Assert.Equal("deleted", (await owner.GetFromJsonAsync<JsonElement>($"/api/v1/webhooks/{hook}")).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/api/v1/webhooks/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task A_webhook_s_history_shows_its_owner_registration_rotation_and_deletion_with_times_and_never_a_secret()
    {
        var owner = await _scenario.Partner("province", "广东省");
        var (hook, secret) = await Register(owner, "http://127.0.0.1:9/hook", "pilot-designated");
        var rotation = await owner.PostAsync($"/api/v1/webhooks/{hook}/secret", null);
        var rotated = (await rotation.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/api/v1/webhooks/{hook}")).StatusCode);

        var answer = await owner.GetAsync($"/api/v1/webhooks/{hook}/history");
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var text = await answer.Content.ReadAsStringAsync();
        Assert.DoesNotContain(secret, text);
        Assert.DoesNotContain(rotated, text);
        Assert.DoesNotContain("whsec_", text);
        var history = JsonDocument.Parse(text).RootElement.EnumerateArray().ToList();
        Assert.Equal(["webhook-registered", "webhook-secret-rotated", "webhook-deleted"], history.Select(e => e.GetProperty("type").GetString()));
        foreach (var entry in history)
        {
            var at = entry.GetProperty("at").GetString()!;
            Assert.True(DateTimeOffset.TryParseExact(at, "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", null, System.Globalization.DateTimeStyles.None, out _), at);
            Assert.Equal("province", entry.GetProperty("by").GetProperty("role").GetString());
        }
        Assert.Equal("http://127.0.0.1:9/hook", history[0].GetProperty("data").GetProperty("url").GetString());
        Assert.Equal(["pilot-designated"], history[0].GetProperty("data").GetProperty("eventTypes").EnumerateArray().Select(t => t.GetString()));
        Assert.True(history[1].GetProperty("data").GetProperty("previousSecretValidUntil").GetDateTimeOffset() > DateTimeOffset.UtcNow);

        Assert.Equal(HttpStatusCode.OK, (await gateway.Admin().GetAsync($"/api/v1/webhooks/{hook}/history")).StatusCode);
        var unknown = await owner.GetAsync($"/api/v1/webhooks/{Guid.NewGuid()}/history");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("not_found", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_rotated_secret_signs_alongside_the_old_one_for_24_hours()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var partner = await _scenario.Partner("reader");
        var (hook, old) = await Register(partner, receiver.Url, "resource-published");

        var rotation = await partner.PostAsync($"/api/v1/webhooks/{hook}/secret", null);
        Assert.Equal(HttpStatusCode.OK, rotation.StatusCode);
        var rotated = await rotation.Content.ReadFromJsonAsync<JsonElement>();
        var secret = rotated.GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", secret);
        Assert.NotEqual(old, secret);
        Assert.Equal(gateway.Clock.GetUtcNow().AddHours(24), rotated.GetProperty("previousSecretValidUntil").GetDateTimeOffset());

        var during = await Delivered(receiver, $"轮换期间 {Guid.NewGuid():N}");
        Assert.Equal(2, during.Header("webhook-signature")!.Split(' ').Length);
        Assert.True(IsSignedWith(secret, during, DateTimeOffset.UtcNow));
        Assert.True(IsSignedWith(old, during, DateTimeOffset.UtcNow));
        // The legacy header has one value: it is signed with the newest secret.
        Assert.Equal(Kechuang.Gateway.Webhooks.WebhookSignatures.Legacy(secret, System.Text.Encoding.UTF8.GetBytes(during.Body)), during.Signature);

        gateway.Clock.Advance(TimeSpan.FromHours(24));
        var after = await Delivered(receiver, $"轮换之后 {Guid.NewGuid():N}");
        Assert.Single(after.Header("webhook-signature")!.Split(' '));
        Assert.True(IsSignedWith(secret, after, DateTimeOffset.UtcNow));
        Assert.False(IsSignedWith(old, after, DateTimeOffset.UtcNow));
    }

    private async Task<WebhookReceiver.Received> Delivered(WebhookReceiver receiver, string title)
    {
        await _scenario.Publish(Resource(title));
        return (await Eventually.Until(() => Task.FromResult(receiver.Calls.FirstOrDefault(c => c.Body.Contains(title))), c => c is not null))!;
    }

    [Fact]
    public async Task An_admin_may_rotate_any_webhooks_secret_and_a_deleted_webhooks_secret_is_not_rotated()
    {
        var owner = await _scenario.Partner("centre");
        var (hook, _) = await Register(owner, "http://127.0.0.1:9/hook", "pilot-designated");
        Assert.Equal(HttpStatusCode.OK, (await gateway.Admin().PostAsync($"/api/v1/webhooks/{hook}/secret", null)).StatusCode);

        await owner.DeleteAsync($"/api/v1/webhooks/{hook}");
        var refused = await owner.PostAsync($"/api/v1/webhooks/{hook}/secret", null);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("invalid_state", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await owner.PostAsync($"/api/v1/webhooks/{Guid.NewGuid()}/secret", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.PostAsync("/api/v1/webhooks/not-a-guid/secret", null)).StatusCode);
    }

    [Fact]
    public async Task A_replayed_rotation_answers_without_the_secret_and_rotates_nothing()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var partner = await _scenario.Partner("reader");
        var (hook, original) = await Register(partner, receiver.Url, "resource-published");
        var idempotencyKey = Guid.NewGuid().ToString();
        HttpRequestMessage Rotate()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/webhooks/{hook}/secret");
            request.Headers.Add("Idempotency-Key", idempotencyKey);
            return request;
        }

        var first = await partner.SendAsync(Rotate());
        var secret = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
        var again = await partner.SendAsync(Rotate());

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("secret", Assert.Single(again.Headers.GetValues("Idempotent-Secret-Omitted")));
        var replayed = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(replayed.TryGetProperty("secret", out _));
        Assert.Equal(hook, replayed.GetProperty("id").GetGuid());
        // Still signed by the first rotation's secret and the original: no second rotation happened.
        var call = await Delivered(receiver, $"重放 {Guid.NewGuid():N}");
        Assert.True(IsSignedWith(secret, call, DateTimeOffset.UtcNow));
        Assert.True(IsSignedWith(original, call, DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task Two_rotations_at_once_never_hand_out_a_secret_that_does_not_sign()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var partner = await _scenario.Partner("reader");
        var (hook, _) = await Register(partner, receiver.Url, "resource-published");

        var answers = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => partner.PostAsync($"/api/v1/webhooks/{hook}/secret", null)));
        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"answered {(int)a.StatusCode}"));
        var secrets = new List<string>();
        foreach (var answer in answers.Where(a => a.StatusCode == HttpStatusCode.OK))
            secrets.Add((await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!);
        Assert.NotEmpty(secrets);

        var call = await Delivered(receiver, $"并发轮换 {Guid.NewGuid():N}");
        Assert.All(secrets, s => Assert.True(IsSignedWith(s, call, DateTimeOffset.UtcNow), "a secret handed out does not sign"));
    }

    [Fact]
    public async Task An_owner_has_at_most_20_active_webhooks_even_when_registering_at_once()
    {
        var partner = await _scenario.Partner("reader");
        var answers = await Task.WhenAll(Enumerable.Range(0, 25).Select(i =>
            partner.PostAsJsonAsync("/api/v1/webhooks", new { url = $"http://127.0.0.1:9/hook/{i}", eventTypes = new[] { "pilot-designated" } })));

        Assert.Equal(20, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        var refused = answers.Where(a => a.StatusCode != HttpStatusCode.Created).ToList();
        Assert.Equal(5, refused.Count);
        foreach (var answer in refused)
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.StatusCode);
            Assert.Equal("webhook_limit_reached", (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }
        var listed = await partner.GetFromJsonAsync<JsonElement>("/api/v1/webhooks?pageSize=50");
        Assert.Equal(20, listed.GetProperty("total").GetInt32());

        // A deleted webhook frees its place; another owner has places of its own.
        var one = listed.GetProperty("items")[0].GetProperty("id").GetGuid();
        await partner.DeleteAsync($"/api/v1/webhooks/{one}");
        await Register(partner, "http://127.0.0.1:9/hook/again", "pilot-designated");
        await Register(await _scenario.Partner("reader"), "http://127.0.0.1:9/hook/other", "pilot-designated");
    }

    [Fact]
    public async Task Revoking_a_key_stops_its_webhooks_at_once()
    {
        await using var failing = await WebhookReceiver.StartAsync(status: 503);
        var (keyId, key) = await _scenario.PartnerKey("reader");
        var owner = gateway.WithKey(key);
        var (hook, _) = await Register(owner, failing.Url, "resource-published");
        // Another owner's webhook on the same events: the marker that fan-out has passed an event.
        await using var other = await WebhookReceiver.StartAsync();
        var bystander = await _scenario.Partner("reader");
        var (otherHook, _) = await Register(bystander, other.Url, "resource-published");

        var before = Guid.NewGuid();
        await _scenario.Publish(Resource("吊销之前"), before);
        await DeliveryOf(gateway.Admin(), hook, before, d => Attempts(d).Count >= 1);
        Assert.Equal(HttpStatusCode.NoContent, (await gateway.Admin().DeleteAsync($"/api/v1/api-keys/{keyId}")).StatusCode);

        // The pending delivery ends at its next turn, unsent.
        var ended = await DeliveryOf(gateway.Admin(), hook, before, d => Status(d) == "failed", TimeSpan.FromSeconds(30));
        var attempts = Attempts(ended);
        Assert.Equal("owner_revoked", attempts[^1].GetProperty("error").GetString());
        Assert.Equal(JsonValueKind.Null, attempts[^1].GetProperty("statusCode").ValueKind);
        Assert.True(attempts.Count < Kechuang.Gateway.Webhooks.WebhookDelivery.MaxAttempts);
        Assert.Equal(attempts.Count(a => a.GetProperty("statusCode").ValueKind == JsonValueKind.Number), failing.Calls.Count);

        // A later event reaches the other owner's webhook, and nothing is fanned out to the revoked one.
        var after = Guid.NewGuid();
        await _scenario.Publish(Resource("吊销之后"), after);
        await DeliveryOf(bystander, otherHook, after, _ => true);
        Assert.DoesNotContain(await Deliveries(gateway.Admin(), hook), d => d.GetProperty("eventId").GetGuid() == after);
    }

    [Fact]
    public async Task Disabling_a_staff_account_stops_its_webhooks_at_once()
    {
        await using var failing = await WebhookReceiver.StartAsync(status: 503);
        var (userId, username) = await gateway.CreateUserAsync("reader");
        var owner = gateway.WithToken(await gateway.TokenAsync(username));
        var (hook, _) = await Register(owner, failing.Url, "resource-published");
        await using var other = await WebhookReceiver.StartAsync();
        var bystander = await _scenario.Partner("reader");
        var (otherHook, _) = await Register(bystander, other.Url, "resource-published");

        var before = Guid.NewGuid();
        await _scenario.Publish(Resource("停用之前"), before);
        await DeliveryOf(gateway.Admin(), hook, before, d => Attempts(d).Count >= 1);
        Assert.Equal(HttpStatusCode.OK, (await gateway.Admin().PostAsync($"/api/v1/users/{userId}/disable", null)).StatusCode);

        var ended = await DeliveryOf(gateway.Admin(), hook, before, d => Status(d) == "failed", TimeSpan.FromSeconds(30));
        Assert.Equal("owner_revoked", Attempts(ended)[^1].GetProperty("error").GetString());

        var after = Guid.NewGuid();
        await _scenario.Publish(Resource("停用之后"), after);
        await DeliveryOf(bystander, otherHook, after, _ => true);
        Assert.DoesNotContain(await Deliveries(gateway.Admin(), hook), d => d.GetProperty("eventId").GetGuid() == after);
    }
}
