using System.Globalization;
using System.Net;
using Xunit;

namespace Kechuang.Gateway.Tests;

/// <summary>
/// An address's budget of unknown keys holds however many keys arrive at once: each lookup takes a
/// permit before it reads, and a valid key gives its permit back.
/// </summary>
public sealed class UnknownKeyBurstTests(UnknownKeyBurstTests.Gateway gateway) : IClassFixture<UnknownKeyBurstTests.Gateway>
{
    /// <summary>A small budget, so it refills far slower (one per 12 s) than a burst takes.</summary>
    public const int Budget = 5;

    public sealed class Gateway : UnknownKeyTests.Gateway
    {
        public Gateway() => With("Kechuang:RateLimit:UnknownKeysPerMinute", Budget.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Of_a_burst_of_unknown_keys_at_once_only_the_budget_is_looked_up()
    {
        var address = GatewayFactory.NewAddress();
        var before = gateway.Lookups.Count;
        var answers = await Task.WhenAll(Enumerable.Range(0, 8 * Budget).Select(_ =>
            gateway.From(address, $"kc_{Guid.NewGuid():N}").GetAsync("/api/v1/event-types")));
        Assert.Equal(Budget, answers.Count(a => a.StatusCode == HttpStatusCode.Unauthorized));
        Assert.Equal(7 * Budget, answers.Count(a => a.StatusCode == HttpStatusCode.TooManyRequests));
        Assert.Equal(before + Budget, gateway.Lookups.Count);
    }

    [Fact]
    public async Task A_new_keys_first_burst_is_looked_up_once_and_spends_nothing()
    {
        var address = GatewayFactory.NewAddress();
        var key = await gateway.CreateKeyAsync("reader");
        var before = gateway.Lookups.Count;
        var answers = await Task.WhenAll(Enumerable.Range(0, 8 * Budget).Select(_ => gateway.From(address, key).ProbeAsync()));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a));
        Assert.Equal(before + 1, gateway.Lookups.Count);
        for (var i = 0; i < Budget; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, await gateway.From(address, $"kc_{Guid.NewGuid():N}").ProbeAsync());
    }

    [Fact]
    public async Task Valid_keys_looked_up_from_an_address_spend_nothing()
    {
        var address = GatewayFactory.NewAddress();
        var keys = new List<string>();
        for (var i = 0; i <= 2 * Budget; i++) keys.Add(await gateway.CreateKeyAsync("reader"));
        // Each is new to this node (a created key is forgotten, not cached), so each is looked up.
        var before = gateway.Lookups.Count;
        foreach (var key in keys)
            Assert.Equal(HttpStatusCode.OK, await gateway.From(address, key).ProbeAsync());
        Assert.Equal(before + keys.Count, gateway.Lookups.Count);
    }
}
