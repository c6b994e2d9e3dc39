using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net.Http.Json;
using System.Text.Json;
using Kechuang.BuildingBlocks.Messaging;
using Kechuang.Contracts;
using Kechuang.Contracts.Applications;
using Kechuang.Contracts.Experts;
using Kechuang.Contracts.Resources;
using Kechuang.Contracts.Training;
using Kechuang.Outreach;
using Kechuang.Outreach.Integration;
using Kechuang.TestKit;
using MassTransit;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Kechuang.CrossService.Tests;

/// <summary>
/// Outreach's coverage over real RabbitMQ and PostgreSQL, fed by integration events the other
/// services' hosts publish on the shared vhost (the contracts of services/Contracts, with the
/// message ids their event bridges would give them).
/// </summary>
public sealed class CoverageAcrossServicesTests(Platform platform) : IClassFixture<Platform>
{
    [Fact]
    public async Task A_visit_a_delivery_and_a_rural_teachers_training_appear_in_county_coverage_within_two_seconds_with_the_school_once()
    {
        using var duplicates = new Duplicates();
        var county = Facts.Unique("勐腊县");
        var school = new SchoolRef("勐腊县勐捧镇中心小学", "云南省", "西双版纳傣族自治州", county, Rural: true);
        var visit = (Facts.Visit(school, audience: 120), Guid.NewGuid());
        var delivery = (Facts.Delivery(school with { Name = "勐腊县勐捧镇中心小学 " }), Guid.NewGuid());
        var training = (Facts.Training(school with { Name = "勐腊县 勐捧镇中心小学" }), Guid.NewGuid());
        await Coverage.WaitUntilProjectingAsync(platform.Outreach);

        await PublishAllAsync();
        var row = await Eventually.Until(() => Coverage.CountyAsync(platform.Outreach, "云南省", county),
            r => r is { Visits: 1, Resources: 1, Teachers: 1 }, TimeSpan.FromSeconds(2),
            "the visit, the delivery and the training reach the county's coverage within 2 s");
        Assert.Equal(new Coverage.Row(Schools: 1, Students: 120, Teachers: 1, Visits: 1, Resources: 1), row);

        await PublishAllAsync();
        await Eventually.True(() => Task.FromResult(
                duplicates.Of(nameof(VisitDeliveredConsumer)) >= 1 &&
                duplicates.Of(nameof(ResourceDeliveredConsumer)) >= 1 &&
                duplicates.Of(nameof(TrainingCompletedConsumer)) >= 1),
            because: "each redelivered message reached Outreach and was recognised");
        Assert.Equal(row, await Coverage.CountyAsync(platform.Outreach, "云南省", county));

        async Task PublishAllAsync()
        {
            await Facts.PublishAsync(platform.Experts, visit.Item1, visit.Item2);
            await Facts.PublishAsync(platform.Resources, delivery.Item1, delivery.Item2);
            await Facts.PublishAsync(platform.Training, training.Item1, training.Item2);
        }
    }

    [Fact]
    public async Task A_pilot_designated_by_Applications_shows_on_its_province_row()
    {
        var name = Facts.Unique("临沧市科学技术协会");
        var pilot = new PilotDesignated(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "pilot-city", name, "city-association",
            "云南省", "临沧市", null, Facts.At, Facts.At);
        await Facts.PublishAsync(platform.Applications, pilot, Guid.NewGuid());

        var reader = platform.Outreach.ClientFor(Actors.Reader);
        await Eventually.True(async () =>
        {
            var rows = (await reader.GetFromJsonAsync<JsonElement>("/api/v1/coverage?level=province&province=云南省")).GetProperty("items");
            return rows.GetArrayLength() == 1 && rows[0].GetProperty("pilots").EnumerateArray()
                .Any(p => p.GetProperty("name").GetString() == name && p.GetProperty("kind").GetString() == "pilot-city");
        }, because: "the designated pilot city reaches Yunnan's coverage row");
    }
}

/// <summary>Outreach stops while the other services keep publishing; nothing is lost.</summary>
public sealed class OutreachRestartTests(Platform platform) : IClassFixture<Platform>, IAsyncDisposable
{
    private ServiceFactory<OutreachService.Marker>? _restarted;

    [Fact]
    public async Task Facts_published_while_Outreach_is_down_are_all_counted_when_it_is_back()
    {
        var county = Facts.Unique("镇雄县");
        var published = 0;
        var publishedDuringRestart = 0;
        var restarting = false;
        var schools = Enumerable.Range(1, 4).Select(i => new SchoolRef($"镇雄县第{i}小学", "云南省", "昭通市", county, true)).ToArray();

        async Task PublishOneAsync()
        {
            await Facts.PublishAsync(platform.Experts, Facts.Visit(schools[published % schools.Length], audience: 10), Guid.NewGuid());
            published++;
            if (Volatile.Read(ref restarting)) publishedDuringRestart++;
        }

        for (var i = 0; i < 10; i++) await PublishOneAsync();
        using var stop = new CancellationTokenSource();
        var publisher = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await PublishOneAsync();
                await Task.Delay(20);
            }
        });
        Volatile.Write(ref restarting, true);
        _restarted = await platform.Restart(platform.Outreach, OutreachService.Name);
        Volatile.Write(ref restarting, false);
        await stop.CancelAsync();
        await publisher;
        for (var i = 0; i < 10; i++) await PublishOneAsync();

        Assert.True(publishedDuringRestart > 0, "some facts were published while Outreach was down");
        var row = await Eventually.Until(() => Coverage.CountyAsync(_restarted, "云南省", county),
            r => r?.Visits == published, TimeSpan.FromSeconds(30), $"all {published} visits are counted");
        Assert.Equal(new Coverage.Row(Schools: 4, Students: 10 * published, Teachers: 0, Visits: published, Resources: 0), row);
    }

    public async ValueTask DisposeAsync()
    {
        if (_restarted is not null) await _restarted.DisposeAsync();
    }
}

internal static class Facts
{
    public static readonly DateTimeOffset At = new(2022, 6, 15, 10, 0, 0, TimeSpan.FromHours(8));

    public static string Unique(string name) => $"{name}{Guid.NewGuid():N}"[..(name.Length + 8)];

    public static VisitDelivered Visit(SchoolRef school, int audience) =>
        new(Guid.NewGuid(), Guid.NewGuid(), school, "science-talk", "aerospace", audience, 90, At, school.Province, At);

    public static ResourceDelivered Delivery(SchoolRef school) =>
        new(Guid.NewGuid(), Guid.NewGuid(), null, school, "offline", At, school.Province, At);

    public static TrainingCompleted Training(SchoolRef school) =>
        new(Guid.NewGuid(), Guid.NewGuid(), "前沿科技与科学方法", "王老师", school, $"KC-{Guid.NewGuid():N}"[..12], At, school.Province, At);

    /// <summary>Publishes as <paramref name="from"/>'s event bridge would: on its bus, with the domain event's id as message id.</summary>
    public static Task PublishAsync<T, TService>(WebApplicationFactory<TService> from, T message, Guid messageId)
        where T : class where TService : class =>
        from.Services.GetRequiredService<IBus>().Publish(message, c => c.MessageId = messageId);
}

internal static class Coverage
{
    public sealed record Row(int Schools, int Students, int Teachers, int Visits, int Resources);

    public static async Task<Row?> CountyAsync(ServiceFactory<OutreachService.Marker> outreach, string province, string county)
    {
        var page = await outreach.ClientFor(Actors.Reader)
            .GetFromJsonAsync<JsonElement>($"/api/v1/coverage?level=county&province={province}&pageSize=200");
        foreach (var r in page.GetProperty("items").EnumerateArray())
            if (r.TryGetProperty("county", out var c) && c.GetString() == county)
                return new Row(r.GetProperty("schoolsReached").GetInt32(), r.GetProperty("studentsReached").GetInt32(),
                    r.GetProperty("teachersTrained").GetInt32(), r.GetProperty("expertVisits").GetInt32(),
                    r.GetProperty("resourcesDelivered").GetInt32());
        return null;
    }

    /// <summary>A freshly started host elects its async daemon's leader first; coverage flows from then on.</summary>
    public static Task WaitUntilProjectingAsync(ServiceFactory<OutreachService.Marker> outreach)
    {
        var coordinator = outreach.Services.GetRequiredService<Marten.Events.Daemon.Coordination.IProjectionCoordinator>();
        return Eventually.True(() => Task.FromResult(coordinator.DaemonForMainDatabase().CurrentAgents()
                .Any(a => a.Name.Name == "county-coverage" && a.Status == JasperFx.AgentStatus.Running)),
            because: "Outreach's coverage projection runs");
    }
}

/// <summary>Redeliveries the idempotent consumers recognised, by consumer.</summary>
internal sealed class Duplicates : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _byConsumer = new();

    public Duplicates()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MessagingTelemetry.Name && instrument.Name == "kechuang.consumer.duplicates")
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
                if (tag is { Key: "consumer", Value: string consumer }) _byConsumer.AddOrUpdate(consumer, value, (_, n) => n + value);
        });
        _listener.Start();
    }

    public long Of(string consumer) => _byConsumer.GetValueOrDefault(consumer);

    public void Dispose() => _listener.Dispose();
}
