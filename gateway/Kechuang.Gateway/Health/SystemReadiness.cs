using Kechuang.Gateway.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Kechuang.Gateway.Health;

/// <summary>The gateway is ready when every service it routes to says it is ready.</summary>
public sealed class ServiceReadiness(IHttpClientFactory clients, string service) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            var response = await clients.CreateClient(HealthClient).GetAsync($"http://{service}/health/ready", timeout.Token);
            return response.IsSuccessStatusCode
                ? HealthCheckResult.Healthy($"{service} is ready.")
                : HealthCheckResult.Unhealthy($"{service} answered {(int)response.StatusCode}.");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy($"{service} does not answer.", ex);
        }
    }

    /// <summary>A client without retries: a health probe should report, not insist.</summary>
    public const string HealthClient = "health";

    public static void AddAll(IServiceCollection services)
    {
        // EXTEXP0001: RemoveAllResilienceHandlers is marked experimental; it is the supported way
        // to take the default retry handler off one named client.
#pragma warning disable EXTEXP0001
        services.AddHttpClient(HealthClient).RemoveAllResilienceHandlers().AddServiceDiscovery();
#pragma warning restore EXTEXP0001
        var checks = services.AddHealthChecks();
        foreach (var service in ServiceRoutes.Services)
            checks.Add(new HealthCheckRegistration(service,
                sp => new ServiceReadiness(sp.GetRequiredService<IHttpClientFactory>(), service),
                HealthStatus.Unhealthy, [ServiceDefaultsExtensions.ReadyTag]));
    }
}
