using Xunit;

namespace Kechuang.AppHost.Tests;

/// <summary>
/// Issue 14 §5: the published development admin key only ever for an AppHost in Development.
/// The decision itself, then the AppHost as <c>./kechuang run</c> and a deployment start it.
/// </summary>
public sealed class BootstrapAdminKeyTests
{
    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void Outside_development_a_missing_key_is_refused(string environment)
    {
        Assert.Throws<InvalidOperationException>(() => BootstrapAdminKey.Resolve(null, environment));
        Assert.Throws<InvalidOperationException>(() => BootstrapAdminKey.Resolve(" ", environment));
    }

    [Fact]
    public void Outside_development_the_published_development_value_is_refused() =>
        Assert.Throws<InvalidOperationException>(() => BootstrapAdminKey.Resolve("kechuang-dev-admin-key", "Production"));

    [Fact]
    public void Outside_development_a_configured_key_is_used() =>
        Assert.Equal("a-key-of-its-own", BootstrapAdminKey.Resolve("a-key-of-its-own", "Production"));

    [Fact]
    public void In_development_the_development_value_is_the_default() =>
        Assert.Equal("kechuang-dev-admin-key", BootstrapAdminKey.Resolve(null, "Development"));

    [Fact]
    public async Task A_production_apphost_without_a_key_does_not_start()
    {
        var failure = await Record.ExceptionAsync(() => AppHostModel.BuildAsync("Production"));
        Assert.Contains("Parameters__bootstrap-admin-key", failure?.ToString());
    }

    [Fact]
    public async Task A_production_apphost_with_the_development_key_does_not_start()
    {
        var failure = await Record.ExceptionAsync(() =>
            AppHostModel.BuildAsync("Production", "Parameters:bootstrap-admin-key=kechuang-dev-admin-key"));
        Assert.Contains("published development value", failure?.ToString());
    }

    [Fact]
    public async Task A_production_apphost_hands_its_configured_key_to_the_gateway()
    {
        await using var app = await AppHostModel.BuildAsync("Production", "Parameters:bootstrap-admin-key=a-key-of-its-own");
        var gateway = await AppHostModel.EnvironmentAsync(app, "gateway");
        Assert.Equal("a-key-of-its-own", gateway["Kechuang__BootstrapAdminKey"]);
        Assert.Equal("false", gateway["Kechuang__DevelopmentAppHost"]);
    }

    [Fact]
    public async Task A_development_apphost_falls_back_to_the_development_key()
    {
        await using var app = await AppHostModel.BuildAsync("Development");
        var gateway = await AppHostModel.EnvironmentAsync(app, "gateway");
        Assert.Equal("kechuang-dev-admin-key", gateway["Kechuang__BootstrapAdminKey"]);
        // The gateway runs as Production: this tells it a Development AppHost vouches for the key
        // (without it, ./kechuang run's gateway refused to start).
        Assert.Equal("Production", gateway["ASPNETCORE_ENVIRONMENT"]);
        Assert.Equal("true", gateway["Kechuang__DevelopmentAppHost"]);
    }
}
