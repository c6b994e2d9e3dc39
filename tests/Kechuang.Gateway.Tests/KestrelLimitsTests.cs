using Kechuang.Gateway.Limits;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace Kechuang.Gateway.Tests;

/// <summary>What the gateway tells Kestrel: request lines long enough to answer a long target with a 414, and the connection cap deploy/ sets.</summary>
public sealed class KestrelLimitsTests
{
    [Fact]
    public async Task The_configured_connection_cap_and_the_request_line_limit_reach_Kestrel()
    {
        await using var gateway = new GatewayFactory();
        gateway.With(RequestLimits.MaxConnectionsKey, "4096");
        await gateway.InitializeAsync();
        var limits = gateway.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits;
        Assert.Equal(4096, limits.MaxConcurrentConnections);
        Assert.Equal(RequestLimits.RequestLineLimit, limits.MaxRequestLineSize);
    }

    [Fact]
    public async Task Without_a_cap_Kestrel_takes_any_number_of_connections()
    {
        await using var gateway = new GatewayFactory();
        await gateway.InitializeAsync();
        Assert.Null(gateway.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits.MaxConcurrentConnections);
    }
}
