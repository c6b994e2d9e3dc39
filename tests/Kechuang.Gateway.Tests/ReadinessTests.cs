using System.Net;
using Xunit;

namespace Kechuang.Gateway.Tests;

/// <summary>The gateway's readiness probe stays cheap: one fan-out to the services per second at most, and a limit per client address.</summary>
public sealed class ReadinessTests(StubbedGateway gateway) : IClassFixture<StubbedGateway>
{
    private const int Services = 5;

    /// <summary>Lets the cached answer expire (the cache reads the gateway's clock).</summary>
    private void NextSecond() => gateway.Clock.Advance(TimeSpan.FromSeconds(2));

    [Fact]
    public async Task Many_probes_at_once_ask_each_service_once_and_again_only_when_the_answer_expired()
    {
        NextSecond();
        var before = gateway.Stub.ReadinessProbes;
        var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => gateway.CreateClient().GetAsync("/health/ready")));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Equal(before + Services, gateway.Stub.ReadinessProbes);

        await gateway.CreateClient().GetAsync("/health/ready");
        Assert.Equal(before + Services, gateway.Stub.ReadinessProbes);

        NextSecond();
        Assert.Equal(HttpStatusCode.OK, (await gateway.CreateClient().GetAsync("/health/ready")).StatusCode);
        Assert.Equal(before + 2 * Services, gateway.Stub.ReadinessProbes);
    }

    [Fact]
    public async Task An_unhealthy_answer_is_kept_as_briefly_as_a_healthy_one()
    {
        try
        {
            gateway.Stub.ReadyStatus = 503;
            NextSecond();
            var before = gateway.Stub.ReadinessProbes;
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await gateway.CreateClient().GetAsync("/health/ready")).StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await gateway.CreateClient().GetAsync("/health/ready")).StatusCode);
            Assert.Equal(before + Services, gateway.Stub.ReadinessProbes);

            gateway.Stub.ReadyStatus = 200;
            NextSecond();
            Assert.Equal(HttpStatusCode.OK, (await gateway.CreateClient().GetAsync("/health/ready")).StatusCode);
        }
        finally
        {
            gateway.Stub.ReadyStatus = 200;
        }
    }

    [Fact]
    public async Task One_address_probing_too_often_is_answered_429_and_others_are_not()
    {
        var noisy = gateway.CreateClient();
        var answers = await Task.WhenAll(Enumerable.Range(0, 80).Select(_ => noisy.GetAsync("/health/ready")));
        Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));
        var limited = answers.First(a => a.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.NotNull(limited.Headers.RetryAfter);
        Assert.Equal("rate_limited", await limited.CodeAsync());

        Assert.Equal(HttpStatusCode.OK, (await gateway.CreateClient().GetAsync("/health/ready")).StatusCode);
    }
}
