using System.Runtime.ExceptionServices;
using MassTransit;
using MassTransit.Middleware;

namespace Kechuang.BuildingBlocks.Messaging;

/// <summary>
/// A message whose handling failed because this process is stopping (its services or its
/// database connections already disposed, its consume cancelled) is not at fault: it goes back
/// to the queue for the next consumer, or for this one when it is back, instead of to the
/// <c>_error</c> queue where its effect would be missing until an operator replays it. Every other
/// failure keeps the platform's behaviour: a fault event and the <c>_error</c> queue.
/// </summary>
public sealed class RequeueWhenStopping : IFilter<ExceptionReceiveContext>
{
    public static void Configure(IReceiveEndpointConfigurator endpoint) =>
        endpoint.ConfigureError(pipe =>
        {
            pipe.UseFilter(new RequeueWhenStopping());
            pipe.UseFilter(new GenerateFaultFilter());
            pipe.UseFilter(new ErrorTransportFilter());
        });

    public Task Send(ExceptionReceiveContext context, IPipe<ExceptionReceiveContext> next)
    {
        if (!IsStopping(context)) return next.Send(context);
        // Thrown back to the transport, the message is negatively acknowledged and requeued.
        ExceptionDispatchInfo.Throw(context.Exception);
        return Task.CompletedTask;
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("requeue-when-stopping");

    private static bool IsStopping(ExceptionReceiveContext context)
    {
        for (var e = context.Exception; e is not null; e = e.InnerException)
        {
            if (e is ObjectDisposedException) return true;
            if (e is OperationCanceledException && context.CancellationToken.IsCancellationRequested) return true;
        }
        return false;
    }
}
