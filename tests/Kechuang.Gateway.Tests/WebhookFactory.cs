using System.Collections.Concurrent;
using System.Net;
using Kechuang.Gateway.Webhooks.Egress;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Kechuang.Gateway.Tests;

/// <summary>
/// The gateway for webhook tests: private networks allowed (the receivers run on localhost), and
/// host names resolved from <see cref="Names"/> only, never by external DNS.
/// </summary>
public class WebhookFactory : GatewayFactory
{
    public ConcurrentDictionary<string, IPAddress[]> Names { get; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["localhost"] = [IPAddress.Loopback],
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<IWebhookResolver>();
            services.AddSingleton<IWebhookResolver>(new NameTable(Names));
        });
    }

    private sealed class NameTable(ConcurrentDictionary<string, IPAddress[]> names) : IWebhookResolver
    {
        public Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) => Task.FromResult(names.GetValueOrDefault(host) ?? []);
    }
}

/// <summary>The gateway as deployed: <c>Kechuang:Webhooks:AllowPrivateNetworks</c> off, as it is by default.</summary>
public sealed class WebhookEgressFactory : WebhookFactory
{
    public WebhookEgressFactory() => With("Kechuang:Webhooks:AllowPrivateNetworks", "false");
}
