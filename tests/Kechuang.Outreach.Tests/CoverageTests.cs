using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Messaging;
using Kechuang.Contracts;
using Kechuang.Contracts.Applications;
using Kechuang.Contracts.Experts;
using Kechuang.Contracts.Resources;
using Kechuang.Contracts.Training;
using Kechuang.Outreach.Integration;
using Kechuang.Outreach.ReadModels;
using Kechuang.TestKit;
using Marten;
using MassTransit;
using Npgsql;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static Kechuang.Outreach.Tests.Outreach;

namespace Kechuang.Outreach.Tests;

/// <summary>
/// Coverage from the service's own records and from the other services' events, published here
/// as they would be, on the service's RabbitMQ vhost.
/// </summary>
public sealed class CoverageTests(OutreachFactory service) : IClassFixture<OutreachFactory>
{
    private static readonly DateTimeOffset At = new(2022, 6, 15, 10, 0, 0, TimeSpan.FromHours(8));

    private static string Unique(string name) => $"{name}{Guid.NewGuid():N}"[..(name.Length + 8)];

    private static SchoolRef School(string province, string county, string name = "民族小学", bool rural = true, string city = "某州") =>
        new(name, province, city, county, rural);

    private static VisitDelivered Visit(SchoolRef school, int audience = 60) =>
        new(Guid.NewGuid(), Guid.NewGuid(), school, "science-talk", "robotics", audience, 90, At, school.Province, At);

    private static ResourceDelivered Delivery(SchoolRef school) =>
        new(Guid.NewGuid(), Guid.NewGuid(), null, school, "offline", At, school.Province, At);

    private static TrainingCompleted Training(SchoolRef school) =>
        new(Guid.NewGuid(), Guid.NewGuid(), "科学方法与科学精神", "李老师", school, $"KC-{Guid.NewGuid():N}"[..12], At, school.Province, At);

    private static PilotDesignated Pilot(string province, string kind, string name, string? city) =>
        new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), kind, name, kind == "pilot-city" ? "city-association" : "primary-school",
            province, city, null, At, At);

    private async Task<Guid> PublishAsync<T>(T message, Guid? messageId = null) where T : class
    {
        var id = messageId ?? Guid.NewGuid();
        await service.Services.GetRequiredService<IBus>().Publish(message, c => c.MessageId = id);
        return id;
    }

    private async Task HandledAsync(string consumer, Guid messageId)
    {
        var store = service.Services.GetRequiredService<IDocumentStore>();
        await Eventually.True(async () =>
        {
            await using var session = store.QuerySession();
            return await session.LoadAsync<ProcessedMessage>($"{consumer}:{messageId:N}") is not null;
        }, because: $"{consumer} handled message {messageId}");
    }

    private static async Task<JsonElement[]> RowsAsync(HttpClient client, string query) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/v1/coverage?pageSize=200&{query}")).GetProperty("items").EnumerateArray().ToArray();

    private static Counts Of(JsonElement row) => new(
        row.GetProperty("schoolsReached").GetInt32(), row.GetProperty("studentsReached").GetInt32(),
        row.GetProperty("teachersTrained").GetInt32(), row.GetProperty("activitiesHeld").GetInt32(),
        row.GetProperty("expertVisits").GetInt32(), row.GetProperty("resourcesDelivered").GetInt32(),
        row.GetProperty("stations").GetInt32());

    private sealed record Counts(int Schools, int Students, int Teachers, int Activities, int Visits, int Resources, int Stations);

    private async Task<Counts> CountyAsync(string province, string county, Func<Counts, bool> until)
    {
        var reader = service.ClientFor(Actors.Reader);
        return await Eventually.Until(async () =>
        {
            var row = (await RowsAsync(reader, $"level=county&province={province}"))
                .SingleOrDefault(r => r.TryGetProperty("county", out var c) && c.GetString() == county);
            return row.ValueKind == JsonValueKind.Undefined ? null : Of(row);
        }, c => c is not null && until(c), because: $"coverage of {county}") ?? throw new InvalidOperationException();
    }

    /// <summary>Both rebuilds, the coverage's and the operator tools', refuse every role but the operator's (and admin's).</summary>
    [Fact]
    public async Task Rebuilds_refuse_every_role_but_the_operator()
    {
        var callers = new[]
        {
            Actors.Centre, Actors.Reader, Actors.Province("湖南省"), Actors.Unit(), Actors.School("湖南省"), Actors.Expert(Guid.NewGuid()),
            Actors.Trainer(),
        };
        Assert.Equal(Roles.All.Except([Roles.Operator, Roles.Admin]).Order(), callers.Select(c => c.Role).Distinct().Order());
        foreach (var caller in callers)
        {
            var client = service.ClientFor(caller);
            await ProblemAsync(await client.PostAsync("/api/v1/coverage/rebuild", null), HttpStatusCode.Forbidden, "forbidden");
            await ProblemAsync(await client.PostAsync($"/api/v1/ops/outreach/projections/{CountyCoverageProjection.ProjectionName}/rebuild", null),
                HttpStatusCode.Forbidden, "forbidden");
        }
    }

    [Fact]
    public async Task Facts_about_rural_schools_from_the_other_services_appear_in_county_coverage_with_each_school_counted_once()
    {
        var county = Unique("昭觉县");
        var school = School("四川省", county, "昭觉县民族小学");
        var urban = await PublishAsync(Visit(School("四川省", county, "昭觉县实验学校", rural: false), audience: 500));
        await PublishAsync(Visit(school, audience: 80));
        await PublishAsync(Delivery(school with { Name = " 昭觉县民族小学 " }));
        await PublishAsync(Training(school with { Name = "昭觉县民族小学\u3000" }));
        await PublishAsync(Visit(School("四川省", county, "昭觉县第二小学"), audience: 40));
        var urbanDelivery = await PublishAsync(Delivery(School("四川省", county, "昭觉县实验学校", rural: false)));
        var urbanTeacher = await PublishAsync(Training(School("四川省", county, "昭觉县实验学校", rural: false)));

        var counts = await CountyAsync("四川省", county, c => c is { Visits: 2, Resources: 1, Teachers: 1 });
        // Every fact about the urban school was handled, and none of them counted: not its visit,
        // its delivery, nor its teacher's completed training.
        await HandledAsync(nameof(VisitDeliveredConsumer), urban);
        await HandledAsync(nameof(ResourceDeliveredConsumer), urbanDelivery);
        await HandledAsync(nameof(TrainingCompletedConsumer), urbanTeacher);

        Assert.Equal(new Counts(Schools: 2, Students: 120, Teachers: 1, Activities: 0, Visits: 2, Resources: 1, Stations: 0), counts);
        Assert.Equal(counts, await CountyAsync("四川省", county, _ => true));
    }

    [Fact]
    public async Task A_redelivered_message_or_the_same_fact_under_another_message_id_changes_nothing()
    {
        using var duplicates = new Measurements(MessagingTelemetry.Name, "kechuang.consumer.duplicates");
        var county = Unique("布拖县");
        var visit = Visit(School("四川省", county), audience: 70);
        var delivery = Delivery(School("四川省", county));
        var visitMessage = await PublishAsync(visit);
        var deliveryMessage = await PublishAsync(delivery);
        var before = await CountyAsync("四川省", county, c => c is { Visits: 1, Resources: 1 });

        for (var i = 0; i < 3; i++)
        {
            await PublishAsync(visit, visitMessage);
            await PublishAsync(delivery, deliveryMessage);
        }
        var sameVisitAgain = await PublishAsync(visit);
        await Eventually.True(() => Task.FromResult(
                duplicates.Sum("consumer", nameof(VisitDeliveredConsumer)) >= 3 &&
                duplicates.Sum("consumer", nameof(ResourceDeliveredConsumer)) >= 3),
            because: "every redelivery reached its consumer");
        await HandledAsync(nameof(VisitDeliveredConsumer), sameVisitAgain);

        Assert.Equal(new Counts(1, 70, 0, 0, 1, 1, 0), before);
        Assert.Equal(before, await CountyAsync("四川省", county, _ => true));
    }

    [Fact]
    public async Task Campaign_activities_and_stations_count_and_cities_and_provinces_sum_their_counties()
    {
        var today = Today(service);
        var centre = service.ClientFor(Actors.Centre);
        var (city, otherCity) = (Unique("临夏州"), Unique("甘南州"));
        var (first, second, third) = (Unique("东乡县"), Unique("积石山县"), Unique("夏河县"));
        var campaign = await LaunchAsync(centre, Campaign(today, provinces: ["甘肃省"]));
        var activities = $"/api/v1/campaigns/{campaign}/activities";
        foreach (var activity in new[]
                 {
                     Activity(today, "resources", "甘肃省", city, first, "东乡县第一小学", 200),
                     Activity(today, "training", "甘肃省", city, first, "东乡县第一小学", 15),
                     Activity(today, "activity", "甘肃省", city, second, "积石山县中学", 90),
                 })
            Assert.Equal(HttpStatusCode.Created, (await centre.PostAsJsonAsync(activities, activity)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await centre.PostAsJsonAsync("/api/v1/stations", new
        {
            name = "拉卜楞乡村科教服务站", province = "甘肃省", city = otherCity, county = third, address = "拉卜楞镇", hostOrganization = "夏河县科协",
        })).StatusCode);
        await PublishAsync(Visit(School("甘肃省", first, "东乡县第一小学", city: city), audience: 50));

        var reader = service.ClientFor(Actors.Reader);
        var province = await Eventually.Until(async () => (await RowsAsync(reader, "level=province&province=甘肃省")).Single(),
            r => Of(r) == new Counts(2, 340, 15, 3, 1, 1, 1), because: "the province row sums every county");
        Assert.Equal(0, province.GetProperty("pilotUnits").GetInt32());
        Assert.False(province.TryGetProperty("city", out _));

        var counties = (await RowsAsync(reader, "level=county&province=甘肃省")).ToDictionary(r => r.GetProperty("county").GetString()!);
        Assert.Equal(new Counts(1, 250, 15, 2, 1, 1, 0), Of(counties[first]));
        Assert.Equal(new Counts(1, 90, 0, 1, 0, 0, 0), Of(counties[second]));
        Assert.Equal(new Counts(0, 0, 0, 0, 0, 0, 1), Of(counties[third]));
        Assert.Equal(city, counties[first].GetProperty("city").GetString());

        var cities = (await RowsAsync(reader, "level=city&province=甘肃省")).ToDictionary(r => r.GetProperty("city").GetString()!);
        Assert.Equal(new Counts(2, 340, 15, 3, 1, 1, 0), Of(cities[city]));
        Assert.Equal(new Counts(0, 0, 0, 0, 0, 0, 1), Of(cities[otherCity]));
        Assert.False(cities[city].TryGetProperty("county", out _));
        Assert.False(cities[city].TryGetProperty("pilotUnits", out _));
        Assert.Single(await RowsAsync(reader, $"level=county&province=甘肃省&city={otherCity}"));
    }

    [Fact]
    public async Task Designated_pilot_units_and_cities_are_shown_on_their_province_row()
    {
        var unit = Pilot("山西省", "pilot-unit", "右玉县第一中学", "朔州市");
        await PublishAsync(unit);
        await PublishAsync(unit);
        await PublishAsync(Pilot("山西省", "pilot-unit", "山西省科技馆", "太原市"));
        await PublishAsync(Pilot("山西省", "pilot-city", "大同市科学技术协会", "大同市"));

        var reader = service.ClientFor(Actors.Reader);
        var row = await Eventually.Until(async () => (await RowsAsync(reader, "level=province&province=山西省")).SingleOrDefault(),
            r => r.ValueKind != JsonValueKind.Undefined && r.GetProperty("pilotUnits").GetInt32() == 2 && r.GetProperty("pilotCities").GetInt32() == 1,
            because: "the pilots reach the province row");
        Assert.Equal(new Counts(0, 0, 0, 0, 0, 0, 0), Of(row));
        var pilots = row.GetProperty("pilots").EnumerateArray().ToList();
        Assert.Equal(3, pilots.Count);
        var city = Assert.Single(pilots, p => p.GetProperty("kind").GetString() == "pilot-city");
        Assert.Equal(("大同市科学技术协会", "大同市"), (city.GetProperty("name").GetString(), city.GetProperty("city").GetString()));
        Assert.Empty(await RowsAsync(reader, "level=county&province=山西省"));
    }

    [Fact]
    public async Task A_province_sees_only_its_own_province_in_the_coverage()
    {
        var (hunan, hubei) = (Unique("花垣县"), Unique("恩施县"));
        await PublishAsync(Visit(School("湖南省", hunan)));
        await PublishAsync(Visit(School("湖北省", hubei)));
        await CountyAsync("湖南省", hunan, c => c.Visits == 1);
        await CountyAsync("湖北省", hubei, c => c.Visits == 1);

        var province = service.ClientFor(Actors.Province("湖南省"));
        var rows = await RowsAsync(province, "level=county");
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Equal("湖南省", r.GetProperty("province").GetString()));
        Assert.Equal("湖南省", Assert.Single(await RowsAsync(province, "level=province")).GetProperty("province").GetString());
        Assert.Empty(await RowsAsync(province, "level=county&province=湖北省"));

        var national = (await RowsAsync(service.ClientFor(Actors.Reader), "level=province")).Select(r => r.GetProperty("province").GetString());
        Assert.Contains("湖北省", national);
    }

    [Fact]
    public async Task A_bad_coverage_query_is_a_400()
    {
        var response = await service.ClientFor(Actors.Reader).GetAsync("/api/v1/coverage?level=town&province=火星");
        HasErrors(await ProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed"), "level", "province");
        Assert.Equal(HttpStatusCode.Unauthorized, (await service.ClientFor(null).GetAsync("/api/v1/coverage")).StatusCode);
    }

    [Fact]
    public async Task An_operator_rebuild_gives_the_same_numbers_and_coverage_keeps_up_afterwards()
    {
        var today = Today(service);
        var centre = service.ClientFor(Actors.Centre);
        var county = Unique("井冈山县");
        var school = School("江西省", county, "茅坪小学", city: "吉安市");
        await PublishAsync(Visit(school, audience: 45));
        await PublishAsync(Delivery(school));
        await PublishAsync(Training(school with { Name = "茅坪 小学" }));
        await PublishAsync(Pilot("江西省", "pilot-city", "吉安市科学技术协会", "吉安市"));
        var campaign = await LaunchAsync(centre, Campaign(today, provinces: ["江西省"]));
        await centre.PostAsJsonAsync($"/api/v1/campaigns/{campaign}/activities",
            Activity(today, "activity", "江西省", "吉安市", county, "茅坪小学", 30));
        await CountyAsync("江西省", county, c => c is { Visits: 1, Resources: 1, Teachers: 1, Activities: 1 });
        var reader = service.ClientFor(Actors.Reader);
        await Eventually.True(async () => (await RowsAsync(reader, "level=province&province=江西省")).Single().GetProperty("pilotCities").GetInt32() == 1);

        async Task<string> Everything() => string.Join("\n", await Task.WhenAll(
            new[] { "level=province", "level=city", "level=county" }.Select(q => reader.GetStringAsync($"/api/v1/coverage?pageSize=200&{q}"))));
        var before = await Everything();

        await ProblemAsync(await centre.PostAsync("/api/v1/coverage/rebuild", null), HttpStatusCode.Forbidden, "forbidden");
        await ProblemAsync(await reader.PostAsync("/api/v1/coverage/rebuild", null), HttpStatusCode.Forbidden, "forbidden");
        var rebuild = await service.ClientFor(Actors.Operator).PostAsync("/api/v1/coverage/rebuild", null);
        Assert.Equal(HttpStatusCode.OK, rebuild.StatusCode);
        Assert.Equal(["county-coverage", "province-pilots"],
            (await rebuild.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("projections").EnumerateArray().Select(p => p.GetString()));

        Assert.Contains(county, before);
        Assert.Equal(before, await Everything());

        await PublishAsync(Visit(school, audience: 5));
        var after = await CountyAsync("江西省", county, c => c.Visits == 2);
        Assert.Equal(new Counts(1, 80, 1, 1, 2, 1, 0), after);
    }

    [Fact]
    public async Task A_rebuild_asked_while_another_replica_rebuilds_the_coverage_is_refused_with_409_unless_that_replica_is_gone()
    {
        // Another replica's claim of the county coverage, and that replica's session while it lives.
        var claim = Guid.NewGuid();
        await using var database = new NpgsqlConnection(service.Database);
        await database.OpenAsync();
        await using (var insert = new NpgsqlCommand(
            $"insert into {OutreachService.Name}.kc_projection_rebuilds (id, projection, status, ran_on) values (@id, 'county-coverage', 'running', 'elsewhere')", database))
        {
            insert.Parameters.AddWithValue("id", claim);
            await insert.ExecuteNonQueryAsync();
        }
        var elsewhere = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(service.Database)
            { ApplicationName = $"{OutreachService.Name}@elsewhere", Pooling = false }.ConnectionString);
        await elsewhere.OpenAsync();
        var operations = service.ClientFor(Actors.Operator);
        try
        {
            await ProblemAsync(await operations.PostAsync("/api/v1/coverage/rebuild", null), HttpStatusCode.Conflict, "rebuild_in_progress");

            await elsewhere.DisposeAsync();
            var rebuilt = await Eventually.Until(() => operations.PostAsync("/api/v1/coverage/rebuild", null),
                r => r.StatusCode != HttpStatusCode.Conflict, because: "the claim of a replica that is gone no longer counts");
            Assert.Equal(HttpStatusCode.OK, rebuilt.StatusCode);
        }
        finally
        {
            await elsewhere.DisposeAsync();
            await using var delete = new NpgsqlCommand($"delete from {OutreachService.Name}.kc_projection_rebuilds where id = @id", database);
            delete.Parameters.AddWithValue("id", claim);
            await delete.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public async Task Facts_received_and_activities_recorded_are_counted_on_the_outreach_meter()
    {
        using var measured = new OwnMeasurements(OutreachMetrics.Name);
        var today = Today(service);
        var centre = service.ClientFor(Actors.Centre);
        var county = Unique("屏边县");
        await PublishAsync(Training(School("云南省", county, city: "西双版纳傣族自治州")));
        var campaign = await LaunchAsync(centre, Campaign(today, provinces: ["云南省"]));
        await centre.PostAsJsonAsync($"/api/v1/campaigns/{campaign}/activities", Activity(today, "training", county: county));

        await CountyAsync("云南省", county, c => c.Teachers == 41);
        // Exactly this test's one fact and one activity, whatever the test classes running in parallel count meanwhile.
        Assert.Equal(1, measured.Of("kechuang.outreach.facts.received", "fact.type", "training"));
        Assert.Equal(1, measured.Of("kechuang.outreach.activities.recorded", "kind", "training"));
        Assert.Equal(1, measured.Of("kechuang.outreach.facts.received"));
        Assert.Equal(1, measured.Of("kechuang.outreach.activities.recorded"));
    }
}
