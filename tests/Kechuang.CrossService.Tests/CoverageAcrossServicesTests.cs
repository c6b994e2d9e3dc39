using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kechuang.Contracts;
using Kechuang.Contracts.Experts;
using Kechuang.Outreach;
using Kechuang.TestKit;
using MassTransit;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Kechuang.CrossService.Tests;

/// <summary>
/// Outreach's coverage over real RabbitMQ and PostgreSQL, fed by the other services as they run:
/// each fact is produced by a call on the producing service's API (a visit delivered in Experts,
/// a resource delivered in Resources, a training completed in Training, a pilot designated in
/// Applications), so its rules, its event map and its event bridge all take part. (Hand-built
/// messages are unit tests of Outreach's consumers, in Kechuang.Outreach.Tests.)
/// </summary>
public sealed class CoverageAcrossServicesTests(Platform platform) : IClassFixture<Platform>
{
    [Fact]
    public async Task A_visit_a_delivery_and_a_rural_teachers_training_from_their_services_appear_in_county_coverage_with_the_school_once()
    {
        var county = Facts.Unique("勐腊县");
        var school = new Producers.School("勐腊县勐捧镇中心小学", "云南省", "西双版纳傣族自治州", county, Rural: true);
        await Coverage.WaitUntilProjectingAsync(platform.Outreach);

        await Producers.DeliverVisitAsync(platform, school, audience: 120);
        await Producers.DeliverResourceAsync(platform, school with { Name = "勐腊县勐捧镇中心小学 " });
        await Producers.CompleteTrainingAsync(platform, school with { Name = "勐腊县 勐捧镇中心小学" });

        var row = await Eventually.Until(() => Coverage.CountyAsync(platform.Outreach, "云南省", county),
            r => r is { Visits: 1, Resources: 1, Teachers: 1 }, TimeSpan.FromSeconds(30),
            "the visit, the delivery and the training reach the county's coverage");
        Assert.Equal(new Coverage.Row(Schools: 1, Students: 120, Teachers: 1, Visits: 1, Resources: 1), row);
    }

    [Fact]
    public async Task A_pilot_designated_in_Applications_shows_on_its_province_row()
    {
        var name = Facts.Unique("临沧市科学技术协会");
        await Producers.DesignatePilotCityAsync(platform, name, "云南省", "临沧市");

        var reader = platform.Outreach.ClientFor(Actors.Reader);
        await Eventually.True(async () =>
        {
            var rows = (await reader.GetFromJsonAsync<JsonElement>("/api/v1/coverage?level=province&province=云南省")).GetProperty("items");
            return rows.GetArrayLength() == 1 && rows[0].GetProperty("pilots").EnumerateArray()
                .Any(p => p.GetProperty("name").GetString() == name && p.GetProperty("kind").GetString() == "pilot-city");
        }, TimeSpan.FromSeconds(30), "the designated pilot city reaches Yunnan's coverage row");
    }
}

/// <summary>
/// Outreach's consumers across a restart: hand-built VisitDelivered messages (as the Experts bridge
/// would publish them) keep arriving while Outreach is down; nothing is lost.
/// </summary>
public sealed class OutreachRestartTests(Platform platform) : IClassFixture<Platform>, IAsyncDisposable
{
    private ServiceFactory<OutreachService.Marker>? _restarted;

    [Fact]
    public async Task Hand_built_visit_facts_published_while_Outreach_is_down_are_all_counted_when_it_is_back()
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

/// <summary>
/// The calls that make each producing service publish what Outreach and Training consume, made on
/// the producing service's own API, so its rules, its event map and its event bridge all run.
/// </summary>
internal static class Producers
{
    public sealed record School(string Name, string Province, string City, string County, bool Rural);

    private static async Task<JsonElement> Expect(Task<HttpResponseMessage> call, HttpStatusCode status)
    {
        var response = await call;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Registers an expert in Experts and vets them; their id.</summary>
    public static async Task<Guid> VettedExpertAsync(Platform platform, bool approve, string[] provinces, bool trainer = false, string name = "李研究员")
    {
        var centre = platform.Experts.ClientFor(Actors.Centre);
        var id = (await Expect(centre.PostAsJsonAsync("/api/v1/experts", new
        {
            name,
            affiliation = "中国科学院自动化研究所",
            title = "研究员",
            category = "researcher",
            disciplines = new[] { "人工智能" },
            topics = new[] { "physics", "artificial-intelligence" },
            provinces,
            phone = "13800138000",
            email = "expert@example.cn",
            bio = "长期从事青少年科普工作。",
            maxVisitsPerMonth = 8,
            trainer,
        }), HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await Expect(centre.PostAsJsonAsync($"/api/v1/experts/{id}/vetting",
            new { decision = approve ? "approve" : "reject", comment = approve ? "资质齐全" : "材料不全" }), HttpStatusCode.OK);
        return id;
    }

    /// <summary>A school requests a visit in Experts, the centre assigns an expert, who accepts, and it is delivered.</summary>
    public static async Task DeliverVisitAsync(Platform platform, School school, int audience)
    {
        var expert = await VettedExpertAsync(platform, approve: true, provinces: [school.Province]);
        var now = platform.Experts.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8));
        var start = new DateTimeOffset(now.Year, now.Month, 1, 9, 0, 0, TimeSpan.FromHours(8)).AddMonths(2);
        var visit = (await Expect(platform.Experts.ClientFor(Actors.School(school.Province)).PostAsJsonAsync("/api/v1/visit-requests", new
        {
            school = new { name = school.Name, province = school.Province, city = school.City, county = school.County, rural = school.Rural },
            kind = "science-talk",
            topic = "physics",
            grades = new[] { "grade-5", "grade-6" },
            audienceSize = audience,
            preferredWindows = new[] { new { start, end = start.AddHours(4) } },
            durationMinutes = 90,
            notes = "希望讲解身边的物理现象。",
        }), HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var centre = platform.Experts.ClientFor(Actors.Centre);
        await Expect(centre.PostAsJsonAsync($"/api/v1/visit-requests/{visit}/assignment", new { expertId = expert, start, end = start.AddHours(2) }),
            HttpStatusCode.OK);
        await Expect(platform.Experts.ClientFor(Actors.Expert(expert)).PostAsJsonAsync($"/api/v1/visit-requests/{visit}/acceptance",
            new { accept = true }), HttpStatusCode.OK);
        await Expect(centre.PostAsJsonAsync($"/api/v1/visit-requests/{visit}/delivery",
            new { deliveredAt = platform.Experts.Clock.GetUtcNow(), audienceCount = audience, durationMinutes = 90 }), HttpStatusCode.OK);
    }

    /// <summary>The centre publishes a resource in Resources and records its offline delivery to the school.</summary>
    public static async Task DeliverResourceAsync(Platform platform, School school)
    {
        var centre = platform.Resources.ClientFor(Actors.Centre);
        var resource = (await Expect(centre.PostAsJsonAsync("/api/v1/resources", new
        {
            title = "智能机器人入门",
            summary = "面向小学高年级的机器人搭建与编程活动。",
            kind = "activity-guide",
            topics = new[] { "robotics" },
            grades = new[] { "grade-5", "grade-6" },
            format = "online",
            provider = "中国青少年科技辅导员协会",
            license = "CC BY-NC 4.0",
            url = "https://example.org/resources/robot-101",
        }), HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await Expect(centre.PostAsJsonAsync($"/api/v1/resources/{resource}/review", new { decision = "approve", comment = "内容优质" }), HttpStatusCode.OK);
        await Expect(centre.PostAsJsonAsync($"/api/v1/resources/{resource}/publish", new { }), HttpStatusCode.OK);
        await Expect(centre.PostAsJsonAsync("/api/v1/deliveries", new
        {
            resourceId = resource,
            school = new { name = school.Name, province = school.Province, city = school.City, county = school.County, rural = school.Rural },
            mode = "offline",
            deliveredAt = platform.Resources.Clock.GetUtcNow().AddHours(-1),
        }), HttpStatusCode.Created);
    }

    /// <summary>
    /// A teacher of the school enrols on a one-session course in Training, attends and completes it:
    /// the session starts at Training's (frozen) clock's now, which closes enrolment at the same
    /// instant, so the enrolment, the attendance and the completion are all on time.
    /// </summary>
    public static async Task CompleteTrainingAsync(Platform platform, School school)
    {
        var centre = platform.Training.ClientFor(Actors.Centre);
        var now = platform.Training.Clock.GetUtcNow();
        var course = (await Expect(centre.PostAsJsonAsync("/api/v1/courses", new
        {
            title = "送培到基层：科学探究",
            area = "frontier-science",
            mode = "online",
            trainerIds = Array.Empty<Guid>(),
            capacity = 10,
            sessions = new[] { new { start = now, end = now.AddHours(3) } },
            rural = school.Rural,
            enrolmentDeadline = now,
        }), HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await Expect(centre.PostAsync($"/api/v1/courses/{course}/publish", null), HttpStatusCode.OK);
        var enrolment = (await Expect(centre.PostAsJsonAsync($"/api/v1/courses/{course}/enrolments", new
        {
            teacher = new
            {
                name = "王老师", school = school.Name, province = school.Province, city = school.City, county = school.County, rural = school.Rural,
                phone = $"139{Random.Shared.Next(10000000, 99999999)}", email = $"teacher{Guid.NewGuid():N}@example.cn",
            },
        }), HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await Expect(centre.PostAsJsonAsync($"/api/v1/enrolments/{enrolment}/attendance", new { session = 0, present = true }), HttpStatusCode.OK);
        await Expect(centre.PostAsync($"/api/v1/enrolments/{enrolment}/completion", null), HttpStatusCode.OK);
    }

    /// <summary>A city association applies in Applications, its province recommends, the centre scores and designates it.</summary>
    public static async Task DesignatePilotCityAsync(Platform platform, string name, string province, string city)
    {
        var centre = platform.Applications.ClientFor(Actors.Centre);
        var now = platform.Applications.Clock.GetUtcNow();
        var call = (await Expect(centre.PostAsJsonAsync("/api/v1/calls", new
        {
            title = "科创筑梦试点申报", year = 2022, kinds = new[] { "pilot-city" }, opensAt = now.AddDays(-1), deadline = now.AddDays(30),
        }), HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var applicant = platform.Applications.ClientFor(Actors.Unit());
        var id = (await Expect(applicant.PostAsJsonAsync("/api/v1/applications", new Dictionary<string, object?>
        {
            ["callId"] = call,
            ["kind"] = "pilot-city",
            ["applicant"] = new Dictionary<string, object?>
            {
                ["name"] = name, ["type"] = "city-association", ["province"] = province, ["city"] = city,
                ["address"] = $"{province}{city}科协大楼", ["contactName"] = "李主任", ["phone"] = "0883-2122000", ["email"] = "city@example.cn",
            },
            ["trackRecord"] = $"{city}科协组织青少年科技创新大赛，建设科普教育基地。",
            ["workPlan"] = "统筹全市中小学课后服务科技教育资源，推动“双减”落地。",
        }), HttpStatusCode.Created)).GetProperty("id").GetGuid();
        using var scan = new ByteArrayContent("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"u8.ToArray());
        scan.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
        await Expect(applicant.PutAsync($"/api/v1/applications/{id}/seal-scan", scan), HttpStatusCode.OK);
        await Expect(applicant.PostAsJsonAsync($"/api/v1/applications/{id}/submit", new { declaration = true }), HttpStatusCode.OK);
        await Expect(platform.Applications.ClientFor(Actors.Province(province)).PostAsJsonAsync($"/api/v1/applications/{id}/recommendation",
            new { decision = "recommend", comment = "同意推荐" }), HttpStatusCode.OK);
        await Expect(centre.PostAsJsonAsync($"/api/v1/applications/{id}/reviews", new { score = 90 }), HttpStatusCode.Created);
        await Expect(centre.PostAsJsonAsync($"/api/v1/applications/{id}/designation", new { decision = "designate", comment = "经评审，同意命名" }),
            HttpStatusCode.OK);
    }
}
