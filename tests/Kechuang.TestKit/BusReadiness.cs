using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Kechuang.TestKit;

public static class BusReadiness
{
    /// <summary>
    /// Waits until every receive endpoint of the service is bound: a message published before its
    /// consumer's queue exists would find no binding.
    /// </summary>
    public static async Task WaitUntilReadyAsync(IServiceProvider services)
    {
        var bus = services.GetRequiredService<IBusControl>();
        var status = await bus.WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30));
        if (status != BusHealthStatus.Healthy) throw new TimeoutException($"The bus is {status} after 30 s.");
    }
}
