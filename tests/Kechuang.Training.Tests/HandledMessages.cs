using System.Diagnostics.Metrics;
using Kechuang.BuildingBlocks.Messaging;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Kechuang.Training.Tests;

/// <summary>What a consumer of the service has handled: new messages by their record, redeliveries by the duplicates counter.</summary>
public sealed class HandledMessages : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly string _consumer;
    private int _duplicates;

    public HandledMessages(string consumer)
    {
        _consumer = consumer;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MessagingTelemetry.Name && instrument.Name == MessagingTelemetry.Duplicates.Name)
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
                if (tag.Key == "consumer" && Equals(tag.Value, _consumer)) Interlocked.Add(ref _duplicates, (int)value);
        });
        _listener.Start();
    }

    public int Duplicates => Volatile.Read(ref _duplicates);

    public async Task<bool> HandledAsync(TrainingFactory service, Guid messageId)
    {
        await using var session = service.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.LoadAsync<ProcessedMessage>($"{_consumer}:{messageId:N}") is not null;
    }

    public void Dispose() => _listener.Dispose();
}
