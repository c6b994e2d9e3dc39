using System.Net;
using System.Net.Http.Json;
using Kechuang.TestKit;
using Xunit;

namespace Kechuang.Gateway.Tests;

/// <summary>Two gateway replicas on one database: what one node stops, the other stops within 10 s.</summary>
public sealed class ReplicaTests(ReplicaTests.TwoNodes nodes) : IClassFixture<ReplicaTests.TwoNodes>
{
    public sealed class TwoNodes : IAsyncLifetime
    {
        public GatewayFactory First { get; } = new();

        public GatewayFactory Second { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            await First.InitializeAsync();
            Second = First.AnotherNode();
            await Second.InitializeAsync();
        }

        public async ValueTask DisposeAsync()
        {
            await Second.DisposeAsync();
            await First.DisposeAsync();
        }
    }

    [Fact]
    public async Task Tokens_of_a_disabled_account_and_of_an_old_password_stop_at_once_here_and_within_10_s_on_the_other_node()
    {
        var (disabledId, disabledUser) = await nodes.First.CreateUserAsync("centre");
        var (resetId, resetUser) = await nodes.First.CreateUserAsync("province", "浙江省");
        var disabledToken = await nodes.First.TokenAsync(disabledUser);
        var resetToken = await nodes.First.TokenAsync(resetUser);
        // The other node knows both accounts' stamps before the change.
        Assert.Equal(HttpStatusCode.OK, await nodes.Second.WithToken(disabledToken).ProbeAsync());
        Assert.Equal(HttpStatusCode.OK, await nodes.Second.WithToken(resetToken).ProbeAsync());

        Assert.Equal(HttpStatusCode.OK, (await nodes.First.Admin().PostAsync($"/api/v1/users/{disabledId}/disable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await nodes.First.Admin().PostAsJsonAsync($"/api/v1/users/{resetId}/password",
            new { password = "the replacement password" })).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, await nodes.First.WithToken(disabledToken).ProbeAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, await nodes.First.WithToken(resetToken).ProbeAsync());
        // 10 s of cache, and slack for a loaded machine to answer the probe.
        await Task.WhenAll(
            Eventually.True(async () => await nodes.Second.WithToken(disabledToken).ProbeAsync() == HttpStatusCode.Unauthorized,
                TimeSpan.FromSeconds(15), "the other node refuses the disabled account's token"),
            Eventually.True(async () => await nodes.Second.WithToken(resetToken).ProbeAsync() == HttpStatusCode.Unauthorized,
                TimeSpan.FromSeconds(15), "the other node refuses the token issued before the new password"));
    }
}
