using Kechuang.Gateway.Access;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Xunit;

namespace Kechuang.Gateway.Tests;

/// <summary>
/// A deployment does not go through the AppHost, so the gateway itself refuses the bootstrap key
/// published in the repository anywhere but Development.
/// </summary>
public sealed class BootstrapKeyTests
{
    private static IHostEnvironment In(string name) => new HostingEnvironment { EnvironmentName = name };

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    [InlineData("Testing")]
    public void The_published_development_key_stops_the_gateway_outside_Development(string environment)
    {
        var refused = Assert.Throws<InvalidOperationException>(() =>
            Authenticator.RefusePublishedKeyOutsideDevelopment(" kechuang-dev-admin-key ", In(environment)));
        Assert.Contains(environment, refused.Message);
    }

    [Fact]
    public void A_gateway_a_Development_AppHost_started_takes_it_though_it_runs_as_Production() =>
        Authenticator.RefusePublishedKeyOutsideDevelopment("kechuang-dev-admin-key", In("Production"), developmentAppHost: true);

    [Theory]
    [InlineData("kechuang-dev-admin-key", "Development")]
    [InlineData("a-secret-of-the-operator", "Production")]
    [InlineData(null, "Production")]
    public void Any_other_key_or_none_or_Development_starts(string? key, string environment) =>
        Authenticator.RefusePublishedKeyOutsideDevelopment(key, In(environment));
}
