using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.TestKit;
using Xunit;

namespace Kechuang.Applications.Tests;

/// <summary>
/// Any key created with a province (unit, school, reader…) is held to it: the records of another
/// province are missing from its lists, counts and reads; and histories name staff only to staff.
/// </summary>
public sealed class ProvinceHoldTests(ApplicationsFactory service) : IClassFixture<ApplicationsFactory>
{
    private static readonly Actor GuangdongReader = new("key-reader-guangdong", "广东省只读伙伴", Roles.Reader, "广东省");

    private HttpClient Centre => service.ClientFor(Actors.Centre);

    private static IEnumerable<Guid> Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid());

    [Fact]
    public async Task A_unit_key_held_to_guangdong_does_not_see_its_organisations_gansu_application()
    {
        var call = await service.OpenCallAsync();
        var organization = Guid.NewGuid();
        var gansu = await service.ClientFor(Actors.Unit(organization))
            .SubmittedAsync(Api.UnitForm(call, name: "甘肃省兰州市实验小学", province: "甘肃省"));
        var held = service.ClientFor(new Actor($"key-unit-gd-{organization:N}", "申报单位", Roles.Unit, "广东省", organization));

        await (await held.GetAsync($"/api/v1/applications/{gansu}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await held.GetAsync($"/api/v1/applications/{gansu}/history")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await held.GetAsync($"/api/v1/applications/{gansu}/seal-scan")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await held.DraftAsync(Api.UnitForm(call, province: "甘肃省"))).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        var own = await held.DraftIdAsync(Api.UnitForm(call, name: "广东省广州市实验小学", province: "广东省"));
        Assert.Equal([own], Ids(await held.ReadAsync($"/api/v1/applications?callId={call}")));
        Assert.Empty(Ids(await held.ReadAsync($"/api/v1/applications?callId={call}&province=甘肃省")));
        var summary = await held.ReadAsync($"/api/v1/applications/summary?callId={call}");
        Assert.Equal(1, summary.GetProperty("total").GetInt32());
        Assert.Equal("北京市", Assert.Single(summary.GetProperty("byRegion").EnumerateArray()).GetProperty("region").GetString());

        var national = service.ClientFor(Actors.Unit(organization));
        Assert.Equal(2, (await national.ReadAsync($"/api/v1/applications?callId={call}")).GetProperty("total").GetInt64());
    }

    private async Task<Guid> PilotAsync(Guid call, string name, string province)
    {
        var unit = service.ClientFor(Actors.Unit(Guid.NewGuid()));
        var id = await unit.SubmittedAsync(Api.UnitForm(call, name: name, province: province));
        Assert.Equal(HttpStatusCode.OK, (await service.ClientFor(Actors.Province(province)).RecommendAsync(id)).StatusCode);
        var designated = await Centre.PostAsJsonAsync($"/api/v1/applications/{id}/designation", new { decision = "designate", comment = "同意命名" });
        return (await designated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("pilotId").GetGuid();
    }

    private async Task<(Guid Commendation, Guid Report)> HonouredAsync(Guid pilotId, int year)
    {
        var commended = await Centre.PostAsJsonAsync("/api/v1/commendations", new { pilotId, year, title = "优秀试点单位", citation = "成效显著。" });
        Assert.Equal(HttpStatusCode.Created, commended.StatusCode);
        var reported = await Centre.PostAsJsonAsync("/api/v1/experience-reports", new { pilotId, title = "典型经验", body = "科学家进校园。" });
        Assert.Equal(HttpStatusCode.Created, reported.StatusCode);
        var report = (await reported.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal("published", await (await Centre.PostAsync($"/api/v1/experience-reports/{report}/publish", null)).StatusAsync());
        return ((await commended.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(), report);
    }

    [Fact]
    public async Task Reader_and_school_keys_held_to_guangdong_see_no_gansu_commendation_or_experience_report()
    {
        var call = await service.OpenCallAsync();
        var year = 2030 + Random.Shared.Next(60);
        var gansuPilot = await PilotAsync(call, "甘肃省天水市科技馆", "甘肃省");
        var (gansuCommendation, gansuReport) = await HonouredAsync(gansuPilot, year);
        var guangdongPilot = await PilotAsync(call, "广东省深圳市科技馆", "广东省");
        var (guangdongCommendation, guangdongReport) = await HonouredAsync(guangdongPilot, year);

        foreach (var actor in new[] { GuangdongReader, Actors.School("广东省") })
        {
            var held = service.ClientFor(actor);
            Assert.Equal([guangdongCommendation], Ids(await held.ReadAsync($"/api/v1/commendations?year={year}")));
            Assert.Empty(Ids(await held.ReadAsync($"/api/v1/commendations?year={year}&province=甘肃省")));
            await (await held.GetAsync($"/api/v1/commendations/{gansuCommendation}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
            await (await held.GetAsync($"/api/v1/commendations/{gansuCommendation}/history")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
            Assert.Equal(HttpStatusCode.OK, (await held.GetAsync($"/api/v1/commendations/{guangdongCommendation}")).StatusCode);

            var reports = Ids(await held.ReadAsync($"/api/v1/experience-reports?pilotId={gansuPilot}")).Concat(
                Ids(await held.ReadAsync($"/api/v1/experience-reports?pilotId={guangdongPilot}")));
            Assert.Equal([guangdongReport], reports);
            await (await held.GetAsync($"/api/v1/experience-reports/{gansuReport}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
            await (await held.GetAsync($"/api/v1/experience-reports/{gansuReport}/history")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        }

        var national = service.ClientFor(Actors.Reader);
        Assert.Equal(2, (await national.ReadAsync($"/api/v1/commendations?year={year}")).GetProperty("total").GetInt64());
        Assert.Equal(HttpStatusCode.OK, (await national.GetAsync($"/api/v1/experience-reports/{gansuReport}")).StatusCode);
    }

    [Fact]
    public async Task A_history_names_staff_only_to_staff_a_school_or_reader_sees_the_role()
    {
        var call = await service.OpenCallAsync();
        var pilot = await PilotAsync(call, "广东省佛山市科技馆", "广东省");
        var (commendation, _) = await HonouredAsync(pilot, 2024);
        var path = $"/api/v1/commendations/{commendation}/history";

        foreach (var actor in new[] { GuangdongReader, Actors.School("广东省"), Actors.Reader })
        {
            var raw = await service.ClientFor(actor).GetStringAsync(path);
            Assert.DoesNotContain(Actors.Centre.Id, raw);
            Assert.DoesNotContain(Actors.Centre.Name, raw);
            var step = Assert.Single(JsonDocument.Parse(raw).RootElement.EnumerateArray());
            Assert.Equal("centre", step.GetProperty("by").GetProperty("role").GetString());
            Assert.False(step.GetProperty("by").TryGetProperty("id", out _));
            Assert.Equal("centre", step.GetProperty("data").GetProperty("by").GetProperty("role").GetString());
        }

        foreach (var staff in new[] { Actors.Centre, Actors.Province("广东省"), Actors.Operator, Actors.Admin })
        {
            var step = (await service.ClientFor(staff).ReadAsync(path))[0];
            Assert.Equal(Actors.Centre.Id, step.GetProperty("by").GetProperty("id").GetString());
            Assert.Equal(Actors.Centre.Name, step.GetProperty("by").GetProperty("name").GetString());
        }
    }
}
