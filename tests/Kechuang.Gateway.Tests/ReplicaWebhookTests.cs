using System.Text.Json;
using Kechuang.TestKit;
using Xunit;
using static Kechuang.Gateway.Tests.WebhookScenario;

namespace Kechuang.Gateway.Tests;

/// <summary>However many gateways run, each event reaches a partner's webhook once: one dispatcher holds the lock.</summary>
public sealed partial class ReplicaTests
{
    [Fact]
    public async Task Events_published_through_both_nodes_are_each_delivered_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var scenario = new WebhookScenario(nodes.First);
        var partner = await scenario.Partner("reader");
        var (hook, _) = await Register(partner, receiver.Url, "resource-published");

        const int events = 12;
        var ids = Enumerable.Range(0, events).Select(_ => Guid.NewGuid()).ToList();
        await Task.WhenAll(ids.Select((id, i) =>
            new WebhookScenario(i % 2 == 0 ? nodes.First : nodes.Second).Publish(Resource($"两个网关 {i}"), id)));

        var deliveries = await Eventually.Until(async () => await Deliveries(partner, hook),
            d => d.Count(x => ids.Contains(x.GetProperty("eventId").GetGuid()) && Status(x) == "delivered") == events,
            TimeSpan.FromSeconds(60), "every event delivered");
        Assert.Equal(events, deliveries.Count);
        Assert.All(deliveries, d => Assert.Single(Attempts(d)));
        Assert.Equal(events, receiver.Calls.Count);
        Assert.Equal(events, receiver.Calls.Select(c => c.Header("webhook-id")).Distinct().Count());
        Assert.Equal(events, receiver.Calls.Select(c => JsonDocument.Parse(c.Body).RootElement.GetProperty("data").GetProperty("title").GetString()).Distinct().Count());
    }
}
