using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Kechuang.Dashboard.Tests;

/// <summary>One dashboard replica in process, on a given database, calling <see cref="GatewayStub"/> as its gateway.</summary>
public sealed class DashboardReplica(string database, string gatewayUrl) : WebApplicationFactory<DashboardExtensions.Marker>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:dashboard-db", database);
        builder.UseSetting("Dashboard:GatewayUrl", gatewayUrl);
    }

    /// <summary>A browser without a cookie jar: the test carries the cookies itself.</summary>
    public HttpClient Browser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
}
