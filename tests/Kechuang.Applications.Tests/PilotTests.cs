using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kechuang.Contracts.Applications;
using Kechuang.TestKit;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Kechuang.Applications.Tests;

/// <summary>Expert review, designation (命名), the public pilot list, experience reports and commendations.</summary>
public sealed class PilotTests(ApplicationsFactory service) : IClassFixture<ApplicationsFactory>
{
    private HttpClient Centre => service.ClientFor(Actors.Centre);

    private async Task<Guid> RecommendedAsync(object form, string province, HttpClient applicant)
    {
        var id = await applicant.SubmittedAsync(form);
        Assert.Equal(HttpStatusCode.OK, (await service.ClientFor(Actors.Province(province)).RecommendAsync(id)).StatusCode);
        return id;
    }

    private Task<HttpResponseMessage> DesignateAsync(Guid id, string decision = "designate") =>
        Centre.PostAsJsonAsync($"/api/v1/applications/{id}/designation", new { decision, comment = "经评审，同意命名" });

    [Fact]
    public async Task The_centre_scores_and_designates_and_the_pilot_is_listed_publicly_and_published_as_PilotDesignated()
    {
        var received = new ConcurrentBag<PilotDesignated>();
        var bus = service.Services.GetRequiredService<IBus>();
        var endpoint = bus.ConnectReceiveEndpoint($"applications-tests-pilots-{Guid.NewGuid():N}", e =>
            e.Handler<PilotDesignated>(context =>
            {
                received.Add(context.Message);
                return Task.CompletedTask;
            }));
        await endpoint.Ready;
        try
        {
            var call = await service.OpenCallAsync();
            var organization = Guid.NewGuid();
            var id = await RecommendedAsync(Api.CityForm(call, "苏州市", "江苏省"), "江苏省", service.ClientFor(Actors.Unit(organization)));

            var first = await Centre.PostAsJsonAsync($"/api/v1/applications/{id}/reviews", new { score = 88, comment = "工作基础扎实" });
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
            var second = await Centre.PostAsJsonAsync($"/api/v1/applications/{id}/reviews", new { score = 93 });
            var reviewed = await second.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(2, reviewed.GetProperty("reviews").GetArrayLength());
            Assert.Equal(90.5, reviewed.GetProperty("averageScore").GetDouble());

            var designated = await DesignateAsync(id);
            Assert.Equal(HttpStatusCode.OK, designated.StatusCode);
            var view = await designated.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("designated", view.GetProperty("status").GetString());
            var pilotId = view.GetProperty("pilotId").GetGuid();

            var pilots = await service.ClientFor(null).GetAsync("/api/v1/pilots?kind=pilot-city&province=江苏省&year=2022");
            Assert.Equal(HttpStatusCode.OK, pilots.StatusCode);
            var pilot = Assert.Single((await pilots.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray(),
                p => p.GetProperty("id").GetGuid() == pilotId);
            Assert.Equal(id, pilot.GetProperty("applicationId").GetGuid());
            Assert.Equal(call, pilot.GetProperty("callId").GetGuid());
            Assert.Equal("pilot-city", pilot.GetProperty("kind").GetString());
            Assert.Equal("苏州市科学技术协会", pilot.GetProperty("name").GetString());
            Assert.Equal("江苏省", pilot.GetProperty("province").GetString());
            Assert.Equal("苏州市", pilot.GetProperty("city").GetString());
            Assert.True(pilot.TryGetProperty("designatedAt", out _));
            Assert.False(pilot.TryGetProperty("organizationId", out _));
            Assert.Equal(HttpStatusCode.OK, (await service.ClientFor(null).GetAsync($"/api/v1/pilots/{pilotId}")).StatusCode);

            var message = await Eventually.Until(() => Task.FromResult(received.FirstOrDefault(m => m.PilotId == pilotId)), m => m is not null);
            Assert.Equal((id, call, "pilot-city", "city-association", "江苏省", "苏州市"),
                (message!.ApplicationId, message.CallId, message.Kind, message.ApplicantType, message.Province, message.City));

            await (await DesignateAsync(id)).AssertProblemAsync(HttpStatusCode.Conflict, "invalid_state");
        }
        finally
        {
            await endpoint.StopAsync();
        }
    }

    [Fact]
    public async Task A_declined_application_is_no_pilot_and_only_recommended_applications_are_reviewed_or_designated()
    {
        var call = await service.OpenCallAsync();
        var unit = service.ClientFor(Actors.Unit(Guid.NewGuid()));
        var submitted = await unit.SubmittedAsync(Api.UnitForm(call, name: "浙江省杭州科技馆", province: "浙江省"));
        await (await Centre.PostAsJsonAsync($"/api/v1/applications/{submitted}/reviews", new { score = 70 }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "invalid_state");
        await (await DesignateAsync(submitted)).AssertProblemAsync(HttpStatusCode.Conflict, "invalid_state");

        await service.ClientFor(Actors.Province("浙江省")).RecommendAsync(submitted);
        var declined = await DesignateAsync(submitted, "decline");
        Assert.Equal("declined", await declined.StatusAsync());
        var pilots = await service.ClientFor(null).GetFromJsonAsync<JsonElement>("/api/v1/pilots?province=浙江省");
        Assert.DoesNotContain(pilots.GetProperty("items").EnumerateArray(), p => p.GetProperty("applicationId").GetGuid() == submitted);
    }

    [Fact]
    public async Task Review_and_designation_input_is_validated()
    {
        var call = await service.OpenCallAsync();
        var id = await RecommendedAsync(Api.UnitForm(call, name: "安徽省合肥一中", province: "安徽省"), "安徽省",
            service.ClientFor(Actors.Unit(Guid.NewGuid())));
        foreach (var bad in new object[] { new { score = 101 }, new { score = -1 }, new { comment = "没有分数" } })
            await (await Centre.PostAsJsonAsync($"/api/v1/applications/{id}/reviews", bad)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await Centre.PostAsJsonAsync($"/api/v1/applications/{id}/designation", new { decision = "promote" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await Centre.PostAsJsonAsync($"/api/v1/applications/{id}/designation", new { comment = "?" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(0, (await Centre.ReadAsync($"/api/v1/applications/{id}")).GetProperty("reviews").GetArrayLength());
        await (await service.ClientFor(null).GetAsync("/api/v1/pilots?kind=pilot-town")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await service.ClientFor(null).GetAsync("/api/v1/pilots?province=火星")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task A_pilot_reports_typical_experience_that_the_centre_publishes_for_everyone()
    {
        var call = await service.OpenCallAsync();
        var organization = Guid.NewGuid();
        var unit = service.ClientFor(Actors.Unit(organization));
        var id = await RecommendedAsync(Api.UnitForm(call, name: "四川省成都市实验小学", province: "四川省"), "四川省", unit);
        var pilotId = (await (await DesignateAsync(id)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("pilotId").GetGuid();

        await (await service.ClientFor(Actors.Unit(Guid.NewGuid())).PostAsJsonAsync("/api/v1/experience-reports",
            new { pilotId, title = "冒名", body = "不是我的试点" })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await unit.PostAsJsonAsync("/api/v1/experience-reports", new { pilotId = Guid.NewGuid(), title = "", body = "" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        var created = await unit.PostAsJsonAsync("/api/v1/experience-reports",
            new { pilotId, title = "课后服务引入科学家进校园", body = "学校联合高校开设科技选修课，每周两次。" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var report = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("submitted", report.GetProperty("status").GetString());
        var reportId = report.GetProperty("id").GetGuid();

        var reader = service.ClientFor(Actors.Reader);
        await (await reader.GetAsync($"/api/v1/experience-reports/{reportId}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.DoesNotContain((await reader.ReadAsync("/api/v1/experience-reports")).GetProperty("items").EnumerateArray(),
            r => r.GetProperty("id").GetGuid() == reportId);
        Assert.Contains((await service.ClientFor(Actors.Province("四川省")).ReadAsync("/api/v1/experience-reports?status=submitted"))
            .GetProperty("items").EnumerateArray(), r => r.GetProperty("id").GetGuid() == reportId);

        await (await unit.PostAsync($"/api/v1/experience-reports/{reportId}/publish", null)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        var published = await Centre.PostAsync($"/api/v1/experience-reports/{reportId}/publish", null);
        Assert.Equal("published", await published.StatusAsync());
        await (await Centre.PostAsync($"/api/v1/experience-reports/{reportId}/publish", null)).AssertProblemAsync(HttpStatusCode.Conflict, "invalid_state");

        Assert.Contains((await reader.ReadAsync("/api/v1/experience-reports?status=published")).GetProperty("items").EnumerateArray(),
            r => r.GetProperty("id").GetGuid() == reportId);
        var history = await reader.ReadAsync($"/api/v1/experience-reports/{reportId}/history");
        Assert.Equal(["experience-report-submitted", "experience-report-published"],
            history.EnumerateArray().Select(s => s.GetProperty("type").GetString()));
        await (await reader.GetAsync("/api/v1/experience-reports?status=draft")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task The_centre_commends_a_pilot()
    {
        var call = await service.OpenCallAsync();
        var id = await RecommendedAsync(Api.UnitForm(call, name: "湖北省科技馆", province: "湖北省"), "湖北省",
            service.ClientFor(Actors.Unit(Guid.NewGuid())));
        var pilotId = (await (await DesignateAsync(id)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("pilotId").GetGuid();

        await (await service.ClientFor(Actors.Province("湖北省")).PostAsJsonAsync("/api/v1/commendations",
            new { pilotId, year = 2023, title = "x", citation = "y" })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await Centre.PostAsJsonAsync("/api/v1/commendations", new { pilotId = Guid.NewGuid(), year = 1999, title = "", citation = "" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        var created = await Centre.PostAsJsonAsync("/api/v1/commendations",
            new { pilotId, year = 2023, title = "“科创筑梦”助力“双减”优秀试点单位", citation = "科普资源进校园成效显著。" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var commendation = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("awarded", commendation.GetProperty("status").GetString());
        Assert.Equal("湖北省科技馆", commendation.GetProperty("pilotName").GetString());

        var listed = await service.ClientFor(Actors.Reader).ReadAsync($"/api/v1/commendations?year=2023&pilotId={pilotId}");
        Assert.Equal(1, listed.GetProperty("total").GetInt64());

        // GET /{id} answers the commendation, /history its one event, times ISO 8601 with an offset.
        var commendationId = commendation.GetProperty("id").GetGuid();
        var read = await service.ClientFor(Actors.Reader).ReadAsync($"/api/v1/commendations/{commendationId}");
        Assert.Equal((commendationId, pilotId, "awarded"), (read.GetProperty("id").GetGuid(), read.GetProperty("pilotId").GetGuid(), read.GetProperty("status").GetString()));
        var history = await service.ClientFor(Actors.Centre).ReadAsync($"/api/v1/commendations/{commendationId}/history");
        var step = Assert.Single(history.EnumerateArray());
        Assert.Equal(Actors.Centre.Id, step.GetProperty("by").GetProperty("id").GetString());
        var readersStep = Assert.Single((await service.ClientFor(Actors.Reader).ReadAsync($"/api/v1/commendations/{commendationId}/history")).EnumerateArray());
        Assert.False(readersStep.GetProperty("by").TryGetProperty("id", out _), "a reader sees the role, not the staff id");
        Assert.Matches(Api.IsoWithOffset, step.GetProperty("at").GetString());
        await (await Centre.GetAsync($"/api/v1/commendations/{Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await Centre.GetAsync($"/api/v1/commendations/{Guid.NewGuid()}/history")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }
}
