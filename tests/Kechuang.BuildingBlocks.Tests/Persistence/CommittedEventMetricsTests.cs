using System.Diagnostics.Metrics;
using Kechuang.BuildingBlocks.Persistence;
using Kechuang.TestKit;
using Marten;
using Xunit;

namespace Kechuang.BuildingBlocks.Tests.Persistence;

/// <summary>Business counts come from committed events, and a count that throws never fails the write it counts.</summary>
public sealed class CommittedEventMetricsTests : IAsyncLifetime
{
    public sealed record Counted(Guid Id, string? Province);

    private string _database = "";

    public async ValueTask InitializeAsync() => _database = await TestInfrastructure.CreateDatabaseAsync("metrics");

    public async ValueTask DisposeAsync() => await TestInfrastructure.DropDatabaseAsync(_database);

    [Fact]
    public async Task A_count_that_throws_leaves_the_write_committed_and_is_itself_counted()
    {
        var meterName = $"kechuang.tests.{Guid.NewGuid():N}";
        var listener = new CommittedEventMetrics(meterName)
            .Counter("kechuang.tests.counted", "{event}", "Counted events.",
                EventCount.On<Counted>(e => [new("province", e.Province!.Length)])); // throws on a null province
        var measured = new List<(string Instrument, long Value)>();
        using var meters = new MeterListener();
        meters.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == meterName) l.EnableMeasurementEvents(instrument);
        };
        meters.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            lock (measured) measured.Add((instrument.Name, value));
        });
        meters.Start();
        using var store = DocumentStore.For(o =>
        {
            o.Connection(_database);
            o.DatabaseSchemaName = "metrics";
            o.Listeners.Add(listener);
        });

        var good = Guid.NewGuid();
        var bad = Guid.NewGuid();
        await using (var session = store.LightweightSession())
        {
            session.Events.StartStream(good, new Counted(good, "云南省"));
            await session.SaveChangesAsync();
        }
        await using (var session = store.LightweightSession())
        {
            session.Events.StartStream(bad, new Counted(bad, null));
            await session.SaveChangesAsync(); // committed; the count's error is not this caller's
        }

        await using var query = store.QuerySession();
        Assert.NotNull(await query.Events.FetchStreamStateAsync(bad));
        lock (measured)
        {
            Assert.Equal([("kechuang.tests.counted", 1L), (CommittedEventMetrics.FailuresName, 1L)], measured);
        }
    }
}
