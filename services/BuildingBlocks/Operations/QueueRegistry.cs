using System.Collections.Concurrent;
using MassTransit;

namespace Kechuang.BuildingBlocks.Operations;

/// <summary>The RabbitMQ queues this service consumes from, as MassTransit reports them ready.</summary>
public sealed class QueueRegistry : IReceiveEndpointObserver
{
    private readonly ConcurrentDictionary<string, byte> _queues = new();

    public IReadOnlyCollection<string> Queues => _queues.Keys.Order(StringComparer.Ordinal).ToList();

    public Task Ready(ReceiveEndpointReady ready)
    {
        var queue = ready.InputAddress.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        // Temporary (bus) endpoints are not consumer queues an operator replays into.
        if (queue is not null && !queue.Contains("_bus_", StringComparison.Ordinal)) _queues.TryAdd(queue, 0);
        return Task.CompletedTask;
    }

    public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;

    public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;

    public Task Faulted(ReceiveEndpointFaulted faulted) => Task.CompletedTask;
}
