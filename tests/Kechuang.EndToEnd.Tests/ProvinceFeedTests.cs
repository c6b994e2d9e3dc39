using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kechuang.Gateway.Tests;
using Kechuang.TestKit;
using Xunit;

namespace Kechuang.EndToEnd.Tests;

/// <summary>
/// A key created with a province, whatever its role, follows only its province's events (and
/// national ones) in the change feed and in its webhooks (issue 14 §3), through the real gateway
/// and services: another province's pilot designation, recorded before a marker of its own
/// province, never reaches it, while a national key gets both.
/// </summary>
public sealed class ProvinceFeedTests(SystemFixture system)
{
    /// <summary>Provinces no other end-to-end test uses, so nothing else changes their counts.</summary>
    private const string Held = "海南省";
    private const string Other = "吉林省";

    [Fact]
    public async Task A_key_held_to_a_province_gets_no_other_provinces_event_in_the_feed_or_its_webhooks()
    {
        var reader = await system.ClientAsync("reader", Held);
        var school = await system.ClientAsync("school", Held, organizationId: Guid.NewGuid());
        var national = await system.ClientAsync("reader");
        await using var readerReceiver = await WebhookReceiver.StartAsync();
        await using var schoolReceiver = await WebhookReceiver.StartAsync();
        await using var nationalReceiver = await WebhookReceiver.StartAsync();
        var readerHook = await RegisterAsync(reader, readerReceiver);
        var schoolHook = await RegisterAsync(school, schoolReceiver);
        await RegisterAsync(national, nationalReceiver);

        // The other province's pilot first, and past the feed and the fan-out (the national key has it) …
        var centre = await system.ClientAsync("centre");
        var callId = await DashboardSeed.OpenCallAsync(centre);
        var otherPilot = await DesignatedPilotAsync(centre, callId, Other, "长春市");
        var otherEvent = (await FeedUntilAsync(national, otherPilot)).Single(e => IsPilot(e, otherPilot)).GetProperty("id").GetGuid();
        await DeliveredAsync(nationalReceiver, otherPilot);

        // … then the held province's pilot: the marker every held view must reach.
        var heldPilot = await DesignatedPilotAsync(centre, callId, Held, "海口市");

        foreach (var held in new[] { reader, school })
        {
            var feed = await FeedUntilAsync(held, heldPilot);
            Assert.DoesNotContain(feed, e => e.GetProperty("id").GetGuid() == otherEvent);
            Assert.All(feed, e => Assert.True(
                e.GetProperty("province").ValueKind == JsonValueKind.Null || e.GetProperty("province").GetString() == Held,
                $"a {Held} key got {e}"));
        }
        var all = await FeedUntilAsync(national, heldPilot);
        Assert.True(all.FindIndex(e => IsPilot(e, otherPilot)) < all.FindIndex(e => IsPilot(e, heldPilot)));

        foreach (var (held, receiver, hook) in new[] { (reader, readerReceiver, readerHook), (school, schoolReceiver, schoolHook) })
        {
            await DeliveredAsync(receiver, heldPilot);
            Assert.All(receiver.Calls, c => Assert.Equal(Held, Province(c)));
            var deliveries = await held.GetFromJsonAsync<JsonElement>($"/api/v1/webhooks/{hook}/deliveries?pageSize=200");
            Assert.DoesNotContain(deliveries.GetProperty("items").EnumerateArray(), d => d.GetProperty("eventId").GetGuid() == otherEvent);
        }
        await DeliveredAsync(nationalReceiver, heldPilot);
    }

    private static async Task<Guid> RegisterAsync(HttpClient owner, WebhookReceiver receiver)
    {
        var response = await owner.PostAsJsonAsync("/api/v1/webhooks", new { url = receiver.Url, eventTypes = new[] { "pilot-designated" } });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>A pilot unit of <paramref name="province"/>, from draft to designation; its pilot id.</summary>
    private async Task<Guid> DesignatedPilotAsync(HttpClient centre, Guid callId, string province, string city)
    {
        var applicant = await system.ClientAsync("province", province);
        var id = await DashboardSeed.SubmittedApplicationAsync(applicant, callId, province, $"{city}实验小学{Guid.NewGuid():N}"[..16], city);
        Assert.Equal(HttpStatusCode.OK,
            (await applicant.PostAsJsonAsync($"/api/v1/applications/{id}/recommendation", new { decision = "recommend", comment = "同意推荐" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created,
            (await centre.PostAsJsonAsync($"/api/v1/applications/{id}/reviews", new { score = 90, comment = "基础扎实" })).StatusCode);
        var designated = await centre.PostAsJsonAsync($"/api/v1/applications/{id}/designation", new { decision = "designate", comment = "同意命名" });
        var body = await designated.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(designated.StatusCode == HttpStatusCode.OK, body.ToString());
        return body.GetProperty("pilotId").GetGuid();
    }

    /// <summary>
    /// The whole feed <paramref name="client"/> may see, paged from the start, once it holds the
    /// designation of <paramref name="pilot"/>.
    /// </summary>
    private static Task<List<JsonElement>> FeedUntilAsync(HttpClient client, Guid pilot) =>
        Eventually.Until(async () =>
        {
            var feed = new List<JsonElement>();
            var after = "0";
            while (true)
            {
                var page = await client.GetFromJsonAsync<JsonElement>($"/api/v1/events?after={after}&limit=500");
                feed.AddRange(page.GetProperty("items").EnumerateArray().Select(e => e.Clone()));
                var next = page.GetProperty("next").GetString()!;
                if (next == after) return feed;
                after = next;
            }
        }, feed => feed.Any(e => IsPilot(e, pilot)), TimeSpan.FromSeconds(60), $"the feed shows pilot {pilot}");

    private static bool IsPilot(JsonElement feedItem, Guid pilot) =>
        feedItem.GetProperty("type").GetString() == "pilot-designated"
        && feedItem.GetProperty("data").GetProperty("pilotId").GetGuid() == pilot;

    private static Task DeliveredAsync(WebhookReceiver receiver, Guid pilot) =>
        Eventually.True(() => Task.FromResult(receiver.Calls.Any(c => PilotOf(c) == pilot)), TimeSpan.FromSeconds(60),
            $"the receiver got pilot {pilot}");

    private static JsonElement Data(WebhookReceiver.Received call) => JsonDocument.Parse(call.Body).RootElement.GetProperty("data");

    private static Guid PilotOf(WebhookReceiver.Received call) => Data(call).GetProperty("pilotId").GetGuid();

    private static string? Province(WebhookReceiver.Received call) => Data(call).GetProperty("province").GetString();
}
