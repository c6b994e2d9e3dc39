using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.TestKit;
using Xunit;

namespace Kechuang.Experts.Tests;

/// <summary>
/// Any key created with a province (school, expert, reader…) is held to it: another province's
/// visits and the experts who do not serve its province are missing from its lists and reads; and
/// a visit's history names staff only to staff.
/// </summary>
public sealed class ProvinceHoldTests(ExpertsFactory service) : IClassFixture<ExpertsFactory>
{
    private readonly ExpertsApi _api = new(service);

    private static IEnumerable<Guid> Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid());

    private async Task NotFound(HttpClient client, string path) =>
        await ExpertsApi.AssertProblem(await client.GetAsync(path), HttpStatusCode.NotFound, "not_found");

    [Fact]
    public async Task School_and_expert_keys_held_to_guangdong_do_not_see_their_gansu_visit()
    {
        var organization = Guid.NewGuid();
        var expert = await _api.RegisterApprovedAsync(ExpertsApi.ExpertBody(provinces: ["甘肃省", "广东省"]));
        var windows = new[] { (_api.MonthStart, _api.MonthStart.AddHours(4)) };
        var (gansu, _) = await _api.RequestAsync(ExpertsApi.VisitBody(province: "甘肃省", windows: windows, school: "兰州市实验小学"),
            Actors.School("甘肃省", organization));
        Assert.Equal(HttpStatusCode.OK, (await _api.AssignAsync(gansu, expert, _api.MonthStart, _api.MonthStart.AddHours(1))).StatusCode);

        var school = service.ClientFor(Actors.School("广东省", organization));
        var expertKey = service.ClientFor(new Actor($"key-expert-gd-{expert:N}", "专家", Roles.Expert, "广东省", ExpertId: expert));
        foreach (var held in new[] { school, expertKey })
        {
            await NotFound(held, $"/api/v1/visit-requests/{gansu}");
            await NotFound(held, $"/api/v1/visit-requests/{gansu}/history");
            Assert.DoesNotContain(gansu, Ids(await held.GetFromJsonAsync<JsonElement>("/api/v1/visit-requests?pageSize=100")));
        }
        var schedule = await expertKey.GetFromJsonAsync<JsonElement>($"/api/v1/experts/{expert}/schedule");
        Assert.Equal(JsonValueKind.Null, Assert.Single(schedule.GetProperty("visits").EnumerateArray()).GetProperty("school").ValueKind);

        var refused = await school.PostAsJsonAsync("/api/v1/visit-requests", ExpertsApi.VisitBody(province: "甘肃省", windows: windows));
        var problem = await ExpertsApi.AssertProblem(refused, HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("school.province", out _));

        var (own, _) = await _api.RequestAsync(ExpertsApi.VisitBody(province: "广东省", windows: windows), Actors.School("广东省", organization));
        Assert.Equal([own], Ids(await school.GetFromJsonAsync<JsonElement>("/api/v1/visit-requests?pageSize=100")));

        var national = service.ClientFor(Actors.Expert(expert));
        Assert.Equal(HttpStatusCode.OK, (await national.GetAsync($"/api/v1/visit-requests/{gansu}")).StatusCode);
        Assert.Equal("兰州市实验小学", (await national.GetFromJsonAsync<JsonElement>($"/api/v1/experts/{expert}/schedule"))
            .GetProperty("visits")[0].GetProperty("school").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Keys_held_to_guangdong_do_not_see_experts_who_serve_only_gansu()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var gansu = await _api.RegisterApprovedAsync(ExpertsApi.ExpertBody(provinces: ["甘肃省"], affiliation: $"兰州大学{tag}"));
        var guangdong = await _api.RegisterApprovedAsync(ExpertsApi.ExpertBody(provinces: ["广东省"], affiliation: $"中山大学{tag}"));

        var reader = service.ClientFor(new Actor("key-reader-guangdong", "广东省只读伙伴", Roles.Reader, "广东省"));
        var province = service.ClientFor(Actors.Province("广东省"));
        foreach (var held in new[] { reader, service.ClientFor(Actors.School("广东省")), province })
        {
            Assert.Equal([guangdong], Ids(await held.GetFromJsonAsync<JsonElement>($"/api/v1/experts?q={tag}")));
            Assert.Empty(Ids(await held.GetFromJsonAsync<JsonElement>($"/api/v1/experts?q={tag}&province=甘肃省")));
            await NotFound(held, $"/api/v1/experts/{gansu}");
            await NotFound(held, $"/api/v1/experts/{gansu}/schedule");
            await NotFound(held, $"/api/v1/experts/{gansu}/hours");
            Assert.Equal(HttpStatusCode.OK, (await held.GetAsync($"/api/v1/experts/{guangdong}")).StatusCode);
        }
        await NotFound(province, $"/api/v1/experts/{gansu}/history");
        Assert.Equal(HttpStatusCode.OK, (await province.GetAsync($"/api/v1/experts/{guangdong}/history")).StatusCode);

        // An expert's own key reads its own record wherever it serves.
        var self = service.ClientFor(new Actor($"key-expert-gd-{gansu:N}", "专家", Roles.Expert, "广东省", ExpertId: gansu));
        Assert.Equal(HttpStatusCode.OK, (await self.GetAsync($"/api/v1/experts/{gansu}")).StatusCode);

        Assert.Equal(2, (await service.ClientFor(Actors.Reader).GetFromJsonAsync<JsonElement>($"/api/v1/experts?q={tag}"))
            .GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task A_visits_history_shows_the_school_and_the_expert_who_acted_by_role_and_staff_only_to_staff()
    {
        var expert = await _api.RegisterApprovedAsync(ExpertsApi.ExpertBody());
        var (visit, school) = await _api.RequestAsync();
        Assert.Equal(HttpStatusCode.OK, (await _api.AssignAsync(visit, expert, _api.MonthStart, _api.MonthStart.AddHours(1))).StatusCode);
        var path = $"/api/v1/visit-requests/{visit}/history";

        foreach (var partner in new[] { school, Actors.Expert(expert) })
        {
            var raw = await service.ClientFor(partner).GetStringAsync(path);
            Assert.DoesNotContain(Actors.Centre.Id, raw);
            Assert.DoesNotContain(Actors.Centre.Name, raw);
            var steps = JsonDocument.Parse(raw).RootElement;
            Assert.Equal(["school", "centre"], steps.EnumerateArray().Select(s => s.GetProperty("by").GetProperty("role").GetString()));
            Assert.All(steps.EnumerateArray(), s => Assert.False(s.GetProperty("by").TryGetProperty("name", out _)));
            Assert.Equal(school.OrganizationId, steps[0].GetProperty("by").GetProperty("organizationId").GetGuid());
        }

        var staff = await _api.Centre.GetFromJsonAsync<JsonElement>(path);
        Assert.Equal(Actors.Centre.Id, staff[1].GetProperty("by").GetProperty("id").GetString());
        Assert.Equal(school.Id, staff[0].GetProperty("data").GetProperty("by").GetProperty("id").GetString());
    }
}
