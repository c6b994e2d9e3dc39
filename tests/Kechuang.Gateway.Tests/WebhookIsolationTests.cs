using System.Net.Http.Json;
using System.Text.Json;
using Kechuang.Contracts.Applications;
using Kechuang.TestKit;
using Xunit;
using static Kechuang.Gateway.Tests.WebhookScenario;

namespace Kechuang.Gateway.Tests;

/// <summary>A receiver that never answers holds only its own deliveries, and its owner only the owner's share.</summary>
public sealed class WebhookIsolationTests(WebhookFactory gateway) : IClassFixture<WebhookFactory>
{
    private readonly WebhookScenario _scenario = new(gateway);

    private static PilotDesignated Pilot() =>
        new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "pilot-unit", "某市第一中学", "secondary-school", "北京市", null, null,
            DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);

    [Fact]
    public async Task A_receiver_that_never_answers_does_not_delay_another_owners_delivery()
    {
        await using var blackHole = WebhookTcpReceiver.BlackHole();
        var silent = await _scenario.Partner("centre");
        var (silentHook, _) = await Register(silent, blackHole.Url, "pilot-designated");
        await using var receiver = await WebhookReceiver.StartAsync();
        var working = await _scenario.Partner("reader");
        var (workingHook, _) = await Register(working, receiver.Url, "resource-published");

        // Six deliveries to the black hole: four connections held (its share), two waiting.
        for (var i = 0; i < 6; i++) await _scenario.Publish(Pilot());
        await Eventually.True(async () => blackHole.Accepted == 4 && (await Deliveries(silent, silentHook)).Count == 6);

        var eventId = Guid.NewGuid();
        await _scenario.Publish(Resource("不被拖累"), eventId);
        await DeliveryOf(working, workingHook, eventId, d => Status(d) == "delivered");

        // Delivered and recorded while the black hole's first attempts are still waiting for an answer,
        // and the two beyond its share were not started: the store leases exactly four.
        var silentDeliveries = await Deliveries(silent, silentHook);
        Assert.All(silentDeliveries, d => Assert.Empty(Attempts(d)));
        Assert.Equal(4, Leased(silentDeliveries));
        Assert.Equal(4, blackHole.Accepted);

        // Each of them then ends as a timeout, with nothing but the word.
        var timedOut = await Eventually.Until(() => Deliveries(silent, silentHook),
            all => all.Count(d => Attempts(d).Count >= 1) >= 4, TimeSpan.FromSeconds(40));
        foreach (var first in timedOut.Where(d => Attempts(d).Count >= 1).Select(d => Attempts(d)[0]))
        {
            Assert.Equal("timeout", first.GetProperty("error").GetString());
            Assert.Equal(JsonValueKind.Null, first.GetProperty("statusCode").ValueKind);
        }
    }

    [Fact]
    public async Task An_owner_whose_receivers_never_answer_holds_only_its_own_share()
    {
        await using var first = WebhookTcpReceiver.BlackHole();
        await using var second = WebhookTcpReceiver.BlackHole();
        await using var third = WebhookTcpReceiver.BlackHole();
        WebhookTcpReceiver[] blackHoles = [first, second, third];
        var silent = await _scenario.Partner("centre");
        var silentHooks = new List<Guid>();
        foreach (var blackHole in blackHoles) silentHooks.Add((await Register(silent, blackHole.Url, "pilot-designated")).Id);
        await using var receiver = await WebhookReceiver.StartAsync();
        var working = await _scenario.Partner("reader");
        var (workingHook, _) = await Register(working, receiver.Url, "resource-published");

        // Eighteen deliveries on three receivers: each receiver's share is four (twelve), the owner's eight.
        for (var i = 0; i < 6; i++) await _scenario.Publish(Pilot());
        await Eventually.True(async () => blackHoles.Sum(b => b.Accepted) == 8 && (await SilentDeliveries()).Count == 18);

        var eventId = Guid.NewGuid();
        await _scenario.Publish(Resource("一个主人的份额"), eventId);
        await DeliveryOf(working, workingHook, eventId, d => Status(d) == "delivered");

        // Started after every one of the silent owner's deliveries came due, and still only eight of them leased.
        var silentDeliveries = await SilentDeliveries();
        Assert.All(silentDeliveries, d => Assert.Empty(Attempts(d)));
        Assert.Equal(8, Leased(silentDeliveries));
        Assert.Equal(8, blackHoles.Sum(b => b.Accepted));

        async Task<List<JsonElement>> SilentDeliveries()
        {
            var all = new List<JsonElement>();
            foreach (var hook in silentHooks) all.AddRange(await Deliveries(silent, hook));
            return all;
        }
    }

    /// <summary>
    /// Deliveries taken by the dispatcher and not yet answered: no attempt recorded, and due again only
    /// when their lease ends (a delivery never tried is due from the moment it was fanned out).
    /// </summary>
    private static int Leased(IEnumerable<JsonElement> deliveries) => deliveries.Count(d =>
        Attempts(d).Count == 0 && d.GetProperty("nextAttemptAt").GetDateTimeOffset() > DateTimeOffset.UtcNow);
}
