using Kechuang.ServiceDefaults.Logging;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace Kechuang.BuildingBlocks.Messaging;

/// <summary>
/// Every consumer runs in the correlation of the request whose event it handles: the id travels
/// with the message (<see cref="MessageHeaders.CorrelationId"/>) and appears on its log lines.
/// </summary>
public sealed class CorrelationConsumeFilter<T>(ILogger<CorrelationConsumeFilter<T>> logger) : IFilter<ConsumeContext<T>>
    where T : class
{
    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        var correlation = context.Headers.Get<string>(MessageHeaders.CorrelationId);
        using (Correlation.IsSane(correlation) ? Correlation.Begin(logger, correlation!) : null)
            await next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("kechuang-correlation");
}
