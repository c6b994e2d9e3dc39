using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using JasperFx.Events.Projections;
using Kechuang.Gateway.Webhooks;
using Kechuang.Gateway.Webhooks.Dispatch;
using Kechuang.Gateway.Webhooks.Egress;
using Kechuang.TestKit;
using Marten;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static Kechuang.Gateway.Tests.WebhookScenario;

namespace Kechuang.Gateway.Tests;

/// <summary>
/// Webhooks and the change feed, fed by real integration events published on RabbitMQ (here by
/// the test, as a service's event bridge would).
/// </summary>
public sealed class WebhookTests(WebhookFactory gateway) : IClassFixture<WebhookFactory>
{
    private readonly WebhookScenario _scenario = new(gateway);

    [Fact]
    public async Task A_delivery_is_signed_with_the_partners_secret()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (_, secret) = await Register(await _scenario.Partner("school"), receiver.Url, "resource-published");

        var title = $"智能机器人入门 {Guid.NewGuid():N}";
        await _scenario.Publish(Resource(title));

        var call = await Eventually.Until(() => Task.FromResult(receiver.Calls.FirstOrDefault(c => c.Body.Contains(title))), c => c is not null);
        Assert.Equal(WebhookSignatures.Legacy(secret, System.Text.Encoding.UTF8.GetBytes(call!.Body)), call.Signature);
        Assert.True(IsSignedWith(secret, call, DateTimeOffset.UtcNow), "the Standard Webhooks signature does not verify");
        Assert.Single((call.Header("webhook-signature") ?? "").Split(' '));
        Assert.Equal(call.Header("X-Kechuang-Delivery"), call.Header("webhook-id"));
        var payload = JsonDocument.Parse(call.Body).RootElement;
        Assert.Equal("resource-published", payload.GetProperty("type").GetString());
        Assert.Equal(title, payload.GetProperty("data").GetProperty("title").GetString());
        Assert.True(payload.TryGetProperty("occurredAt", out _));
        Assert.True(payload.TryGetProperty("id", out _));
    }

    [Fact]
    public async Task A_receiver_that_fails_twice_gets_the_delivery_on_the_third_attempt()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failFirst: 2);
        var partner = await _scenario.Partner("reader");
        var (hook, secret) = await Register(partner, receiver.Url, "resource-published");

        // Registered before this event was recorded and after every earlier one: its only delivery.
        var eventId = Guid.NewGuid();
        await _scenario.Publish(Resource("重试的资源"), eventId);

        var delivery = await DeliveryOf(partner, hook, eventId, d => Status(d) == "delivered", TimeSpan.FromSeconds(30));
        Assert.Single(await Deliveries(partner, hook));
        var attempts = Attempts(delivery);
        Assert.Equal([500, 500, 200], attempts.Select(a => a.GetProperty("statusCode").GetInt32()));
        Assert.Equal(["rejected", "rejected", null], attempts.Select(a => a.GetProperty("error").GetString()));

        // Three calls of one delivery: one webhook-id, each signed anew.
        Assert.Equal(3, receiver.Calls.Count);
        Assert.Single(receiver.Calls.Select(c => c.Header("webhook-id")).Distinct());
        Assert.All(receiver.Calls, c => Assert.True(IsSignedWith(secret, c, DateTimeOffset.UtcNow)));
    }

    [Fact]
    public async Task A_page_the_daemon_processes_again_leaves_the_deliveries_already_made()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var partner = await _scenario.Partner("reader");
        var (hook, _) = await Register(partner, receiver.Url, "resource-published");
        var eventId = Guid.NewGuid();
        await _scenario.Publish(Resource("再次处理的页"), eventId);
        var made = await DeliveryOf(partner, hook, eventId, d => Status(d) == "delivered");

        // The same page again, as the daemon does after a failure before its progress was saved.
        var store = gateway.Services.GetRequiredService<IDocumentStore>();
        await using (var session = store.LightweightSession())
        {
            await FanOutAgain(session, eventId);
            await session.SaveChangesAsync();
        }

        // Read straight after the replay committed: a reset delivery would be pending now, or (once
        // sent again) hold an attempt of another time.
        var after = Assert.Single(await Deliveries(partner, hook));
        Assert.Equal("delivered", Status(after));
        Assert.Equal(Attempts(made).Select(a => a.GetProperty("at").GetString()), Attempts(after).Select(a => a.GetProperty("at").GetString()));
        Assert.Single(receiver.Calls);
    }

    [Fact]
    public async Task An_event_recorded_before_a_webhook_was_registered_is_not_sent_to_it()
    {
        var reader = await _scenario.Partner("reader");
        var title = $"注册之前 {Guid.NewGuid():N}";
        var eventId = Guid.NewGuid();
        await _scenario.Publish(Resource(title), eventId);
        await Eventually.True(async () => (await CountAllPages(reader, title)) == 1);

        await using var receiver = await WebhookReceiver.StartAsync();
        var (hook, _) = await Register(reader, receiver.Url, "resource-published");
        // Fan the event out now, as a lagging daemon would after the registration.
        await using (var session = gateway.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            await FanOutAgain(session, eventId);
            await session.SaveChangesAsync();
        }

        Assert.Empty(await Deliveries(reader, hook));
    }

    [Fact]
    public async Task Nothing_is_delivered_for_events_the_partner_may_not_see()
    {
        // A school may not follow expert visits at all.
        var refused = await (await _scenario.Partner("school")).PostAsJsonAsync("/api/v1/webhooks", new { url = "http://127.0.0.1:9/x", eventTypes = new[] { "visit-delivered" } });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

        // A province follows visits, but only its own province's.
        await using var receiver = await WebhookReceiver.StartAsync();
        var beijing = await _scenario.Partner("province", "北京市");
        var (beijingHook, _) = await Register(beijing, receiver.Url, "visit-delivered");
        // The centre sees both: once its webhook has both deliveries, both events were fanned out.
        await using var national = await WebhookReceiver.StartAsync();
        var centre = await _scenario.Partner("centre");
        var (centreHook, _) = await Register(centre, national.Url, "visit-delivered");
        var elsewhere = Visit("广东省");
        var own = Visit("北京市");
        var elsewhereId = Guid.NewGuid();
        var ownId = Guid.NewGuid();
        await _scenario.Publish(elsewhere, elsewhereId);
        await _scenario.Publish(own, ownId);

        await DeliveryOf(centre, centreHook, elsewhereId, _ => true);
        await DeliveryOf(centre, centreHook, ownId, _ => true);
        await DeliveryOf(beijing, beijingHook, ownId, d => Status(d) == "delivered");
        Assert.Equal([ownId], (await Deliveries(beijing, beijingHook)).Select(d => d.GetProperty("eventId").GetGuid()));
        var call = Assert.Single(receiver.Calls);
        Assert.Contains(own.VisitRequestId.ToString(), call.Body);
    }

    [Fact]
    public async Task The_change_feed_pages_with_a_cursor_and_shows_only_what_the_caller_may_see()
    {
        var reader = await _scenario.Partner("reader");
        var start = (await reader.GetFromJsonAsync<JsonElement>("/api/v1/events?limit=500")).GetProperty("next").GetString();
        while (true)
        {
            var page = await reader.GetFromJsonAsync<JsonElement>($"/api/v1/events?after={start}&limit=500");
            if (page.GetProperty("items").GetArrayLength() == 0) break;
            start = page.GetProperty("next").GetString();
        }

        var titles = Enumerable.Range(0, 5).Select(i => $"动态 {i} {Guid.NewGuid():N}").ToList();
        foreach (var title in titles) await _scenario.Publish(Resource(title));
        await _scenario.Publish(Visit("广东省"));

        var seen = new List<JsonElement>();
        var cursor = start;
        await Eventually.True(async () =>
        {
            var page = await reader.GetFromJsonAsync<JsonElement>($"/api/v1/events?after={cursor}&limit=2");
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.Clone()));
            cursor = page.GetProperty("next").GetString();
            return seen.Count(i => i.GetProperty("type").GetString() == "resource-published") >= 5
                && seen.Any(i => i.GetProperty("type").GetString() == "visit-delivered");
        }, TimeSpan.FromSeconds(20));
        Assert.Equal(seen.Count, seen.Select(i => i.GetProperty("id").GetGuid()).Distinct().Count());

        // A school partner never sees expert visits in the feed.
        var school = await _scenario.Partner("school");
        var schoolPage = await school.GetFromJsonAsync<JsonElement>($"/api/v1/events?after={start}&limit=500");
        Assert.DoesNotContain(schoolPage.GetProperty("items").EnumerateArray(), i => i.GetProperty("type").GetString() == "visit-delivered");

        var bad = await reader.GetAsync("/api/v1/events?after=abc&limit=9999");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task A_redelivered_integration_event_is_recorded_once()
    {
        var consumed = new ConsumedMessages();
        var handle = gateway.Services.GetRequiredService<IBus>().ConnectConsumeObserver(consumed);
        try
        {
            var reader = await _scenario.Partner("reader");
            var id = Guid.NewGuid();
            var resource = Resource($"重复 {Guid.NewGuid():N}");
            await _scenario.Publish(resource, id);
            await _scenario.Publish(resource, id);

            // Both copies handled by the recorder, then a marker recorded after them: once the feed
            // serves the marker, it serves whatever the second copy could have recorded.
            await Eventually.True(() => Task.FromResult(consumed.Count(id) == 2));
            var marker = Resource($"标记 {Guid.NewGuid():N}");
            await _scenario.Publish(marker);
            await Eventually.True(async () => await CountAllPages(reader, marker.Title) == 1);
            Assert.Equal(1, await CountAllPages(reader, resource.Title));
        }
        finally
        {
            handle.Disconnect();
        }
    }

    [Fact]
    public async Task The_webhook_client_does_not_use_service_discovery()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        // Service discovery as the AppHost configures it for the services, pointed at the receiver.
        gateway.Services.GetRequiredService<IConfiguration>()["Services:applications:http:0"] = $"http://127.0.0.1:{receiver.Port}";
        var discovering = gateway.Services.GetRequiredService<IHttpClientFactory>().CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await discovering.PostAsync("http://applications/hook", new StringContent("{}"))).StatusCode);

        var result = await gateway.Services.GetRequiredService<WebhookHttp>()
            .SendAsync(new HttpRequestMessage(HttpMethod.Post, "http://applications/hook") { Content = new StringContent("{}") }, CancellationToken.None);

        Assert.Equal(new WebhookHttp.Result(null, DeliveryOutcome.AddressNotAllowed), result);
        Assert.Single(receiver.Calls);
    }

    [Fact]
    public async Task A_redirect_is_recorded_as_the_answer_and_not_followed()
    {
        await using var target = await WebhookReceiver.StartAsync();
        await using var redirecting = await WebhookReceiver.StartAsync(status: 307, location: target.Url);
        var partner = await _scenario.Partner("reader");
        var (hook, _) = await Register(partner, redirecting.Url, "resource-published");
        var eventId = Guid.NewGuid();
        await _scenario.Publish(Resource("重定向"), eventId);

        var delivery = await DeliveryOf(partner, hook, eventId, d => Attempts(d).Count >= 1);
        var first = Attempts(delivery)[0];
        Assert.Equal(307, first.GetProperty("statusCode").GetInt32());
        Assert.Equal("rejected", first.GetProperty("error").GetString());
        Assert.Empty(target.Calls);
    }

    [Fact]
    public async Task An_attempt_without_an_answer_records_a_word_and_never_the_error_text()
    {
        await using var garbage = WebhookTcpReceiver.Garbage();
        await using var plain = await WebhookReceiver.StartAsync();
        var partner = await _scenario.Partner("reader");
        var hooks = new Dictionary<string, Guid>
        {
            ["connection_failed"] = (await Register(partner, $"http://127.0.0.1:{ClosedPort()}/hook", "resource-published")).Id,
            ["invalid_response"] = (await Register(partner, garbage.Url, "resource-published")).Id,
            ["tls_failed"] = (await Register(partner, plain.Url.Replace("http://", "https://"), "resource-published")).Id,
        };
        var eventId = Guid.NewGuid();
        await _scenario.Publish(Resource("无人应答"), eventId);

        foreach (var (word, hook) in hooks)
        {
            var delivery = await DeliveryOf(partner, hook, eventId, d => Attempts(d).Count >= 1);
            var first = Attempts(delivery)[0];
            Assert.Equal(word, first.GetProperty("error").GetString());
            Assert.Equal(JsonValueKind.Null, first.GetProperty("statusCode").ValueKind);
            var listed = await partner.GetStringAsync($"/api/v1/webhooks/{hook}/deliveries");
            Assert.DoesNotContain("refused", listed, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("127.0.0.1", listed);
        }
    }

    /// <summary>A port nothing listens on: bound, then closed again.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task FanOutAgain(IDocumentSession session, Guid eventId)
    {
        var recorded = await session.Events.FetchStreamAsync(eventId);
        var page = new EventRange(new ShardName("webhook-fan-out"), recorded[0].Sequence) { Events = [.. recorded] };
        await new WebhookFanOut(gateway.Services.GetRequiredService<DispatchSignal>()).ProcessEventsAsync(page, null!, session, CancellationToken.None);
    }

    private static async Task<int> CountAllPages(HttpClient client, string text)
    {
        var count = 0;
        string? cursor = "0";
        while (true)
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"/api/v1/events?after={cursor}&limit=500");
            var items = page.GetProperty("items");
            if (items.GetArrayLength() == 0) return count;
            count += items.EnumerateArray().Count(i => i.GetRawText().Contains(text));
            cursor = page.GetProperty("next").GetString();
        }
    }

    /// <summary>Counts the messages the gateway's consumers finished handling, by message id.</summary>
    private sealed class ConsumedMessages : IConsumeObserver
    {
        private readonly ConcurrentDictionary<Guid, int> _counts = new();

        public int Count(Guid messageId) => _counts.GetValueOrDefault(messageId);

        public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

        public Task PostConsume<T>(ConsumeContext<T> context) where T : class
        {
            if (context.MessageId is { } id) _counts.AddOrUpdate(id, 1, (_, n) => n + 1);
            return Task.CompletedTask;
        }

        public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Task.CompletedTask;
    }
}
