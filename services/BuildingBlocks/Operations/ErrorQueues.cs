using System.Text;
using Microsoft.Extensions.Configuration;
using RabbitMQ.Client;

namespace Kechuang.BuildingBlocks.Operations;

/// <summary>
/// The <c>_error</c> queues of this service's consumers: how many messages each holds, what they
/// are and why they failed, and replay — moving them back to the consumer's queue once the fault
/// is fixed (the consumer's idempotency makes a replay of an already-applied message harmless).
/// </summary>
public sealed class ErrorQueues(QueueRegistry registry, IConfiguration configuration)
{
    public sealed record FailedMessage(string? MessageId, string? MessageType, string? Reason, string? ExceptionType, string? FailedAt, string Body);

    public sealed record ErrorQueue(string Queue, string ErrorQueueName, uint Messages, IReadOnlyList<FailedMessage> Peek);

    public async Task<IReadOnlyList<ErrorQueue>> ListAsync(int peek, CancellationToken ct)
    {
        await using var connection = await ConnectAsync(ct);
        var result = new List<ErrorQueue>();
        foreach (var queue in registry.Queues)
        {
            var errorQueue = queue + "_error";
            await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
            uint count;
            try
            {
                count = (await channel.QueueDeclarePassiveAsync(errorQueue, ct)).MessageCount;
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
            {
                result.Add(new ErrorQueue(queue, errorQueue, 0, []));   // never failed: MassTransit creates it on the first fault
                continue;
            }
            var messages = new List<FailedMessage>();
            for (var i = 0; i < Math.Min(peek, (int)count); i++)
            {
                var got = await channel.BasicGetAsync(errorQueue, autoAck: false, ct);
                if (got is null) break;
                messages.Add(Describe(got));
            }
            // Closing the channel without acks puts the peeked messages back.
            await channel.CloseAsync(ct);
            result.Add(new ErrorQueue(queue, errorQueue, count, messages));
        }
        return result;
    }

    /// <summary>Moves up to <paramref name="max"/> messages from <c>{queue}_error</c> back to <c>{queue}</c>.</summary>
    public async Task<int> ReplayAsync(string queue, int max, CancellationToken ct)
    {
        if (!registry.Queues.Contains(queue)) throw new KeyNotFoundException(queue);
        await using var connection = await ConnectAsync(ct);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), ct);
        var moved = 0;
        while (moved < max)
        {
            BasicGetResult? got;
            try { got = await channel.BasicGetAsync(queue + "_error", autoAck: false, ct); }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException) { break; }
            if (got is null) break;
            var properties = new BasicProperties(got.BasicProperties);
            // MassTransit's receive endpoint has an exchange of the queue's name bound to the queue.
            await channel.BasicPublishAsync(queue, "", mandatory: true, properties, got.Body, ct);
            await channel.BasicAckAsync(got.DeliveryTag, multiple: false, ct);
            moved++;
        }
        return moved;
    }

    private async Task<IConnection> ConnectAsync(CancellationToken ct)
    {
        var uri = configuration.GetConnectionString("rabbitmq") ?? throw new InvalidOperationException("ConnectionStrings:rabbitmq is not configured.");
        return await new ConnectionFactory { Uri = new Uri(uri), ClientProvidedName = "kechuang-ops" }.CreateConnectionAsync(ct);
    }

    private static FailedMessage Describe(BasicGetResult got)
    {
        string? Header(string name) => got.BasicProperties.Headers?.TryGetValue(name, out var v) == true
            ? v switch { byte[] bytes => Encoding.UTF8.GetString(bytes), null => null, _ => v.ToString() }
            : null;
        return new FailedMessage(got.BasicProperties.MessageId ?? Header("MessageId"), Header("MT-MessageType") ?? got.BasicProperties.Type,
            Header("MT-Reason") is { } reason ? $"{reason}: {Header("MT-Fault-Message")}" : Header("MT-Fault-Message"),
            Header("MT-Fault-ExceptionType"), Header("MT-Fault-Timestamp"),
            Encoding.UTF8.GetString(got.Body.Span));
    }
}
