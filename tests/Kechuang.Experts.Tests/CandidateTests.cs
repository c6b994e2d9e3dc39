using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kechuang.TestKit;
using Xunit;

namespace Kechuang.Experts.Tests;

public sealed class CandidateTests(ExpertsFactory service) : IClassFixture<ExpertsFactory>
{
    private readonly ExpertsApi _api = new(service);

    private async Task<Guid> SichuanRoboticsRequest(DateTimeOffset windowStart) =>
        (await _api.RequestAsync(ExpertsApi.VisitBody(province: "四川省", topic: "robotics",
            windows: [(windowStart, windowStart.AddHours(3))], rural: true), Actors.School("四川省"))).Id;

    private async Task<JsonElement[]> Candidates(Guid visit, HttpClient? client = null) =>
        (await (client ?? _api.Centre).GetFromJsonAsync<JsonElement>($"/api/v1/visit-requests/{visit}/candidates?limit=100"))
            .EnumerateArray().ToArray();

    [Fact]
    public async Task A_topic_province_and_available_expert_ranks_above_one_that_only_fits_the_topic()
    {
        var window = _api.MonthStart.AddDays(10);
        var topicOnly = await _api.RegisterApprovedAsync(ExpertsApi.ExpertBody(name: "仅主题", topics: ["robotics"], provinces: ["广东省"]));
        var best = await _api.RegisterApprovedAsync(ExpertsApi.ExpertBody(name: "全匹配", topics: ["robotics", "engineering"], provinces: ["四川省"]));
        await _api.SetAvailabilityAsync(best, (window.AddHours(-1), window.AddHours(2)));
        var visit = await SichuanRoboticsRequest(window);

        var ranked = await Candidates(visit);
        var ids = ranked.Select(c => c.GetProperty("expertId").GetGuid()).Where(id => id == best || id == topicOnly).ToList();
        Assert.Equal([best, topicOnly], ids);

        var first = ranked.Single(c => c.GetProperty("expertId").GetGuid() == best);
        Assert.Equal(100, first.GetProperty("score").GetInt32());
        Assert.Equal("全匹配", first.GetProperty("name").GetString());
        Assert.Equal(4, first.GetProperty("reasons").GetArrayLength());
        Assert.Equal(window, first.GetProperty("suggestedSlot").GetProperty("start").GetDateTimeOffset());
        Assert.Equal(window.AddMinutes(90), first.GetProperty("suggestedSlot").GetProperty("end").GetDateTimeOffset());

        var second = ranked.Single(c => c.GetProperty("expertId").GetGuid() == topicOnly);
        Assert.Equal(50, second.GetProperty("score").GetInt32());
        Assert.Contains(second.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.Contains("not served"));
        Assert.True(ranked.Select(c => c.GetProperty("score").GetInt32()).SequenceEqual(
            ranked.Select(c => c.GetProperty("score").GetInt32()).OrderDescending()), "best first");
    }

    [Fact]
    public async Task An_unvetted_or_rejected_expert_is_never_a_candidate()
    {
        var window = _api.MonthStart.AddDays(12);
        var pending = await _api.RegisterAsync(ExpertsApi.ExpertBody(name: "待审核", topics: ["robotics"], provinces: ["四川省"]));
        var rejected = await _api.RegisterAsync(ExpertsApi.ExpertBody(name: "未通过", topics: ["robotics"], provinces: ["四川省"]));
        await _api.Centre.PostAsJsonAsync($"/api/v1/experts/{rejected}/vetting", new { decision = "reject" });
        await _api.SetAvailabilityAsync(pending, (window, window.AddHours(3)));
        var approved = await _api.RegisterApprovedAsync(ExpertsApi.ExpertBody(name: "已通过", topics: ["robotics"], provinces: ["四川省"]));
        var visit = await SichuanRoboticsRequest(window);

        var ids = (await Candidates(visit)).Select(c => c.GetProperty("expertId").GetGuid()).ToList();
        Assert.Contains(approved, ids);
        Assert.DoesNotContain(pending, ids);
        Assert.DoesNotContain(rejected, ids);
    }

    [Fact]
    public async Task An_expert_already_booked_in_the_window_loses_the_availability_points_and_load_counts()
    {
        var window = _api.MonthStart.AddDays(14);
        var busy = await _api.RegisterApprovedAsync(ExpertsApi.ExpertBody(name: "已排满", topics: ["robotics"], provinces: ["四川省"]));
        await _api.SetAvailabilityAsync(busy, (window, window.AddHours(3)));
        var (other, _) = await _api.RequestAsync(ExpertsApi.VisitBody(province: "四川省", topic: "robotics",
            windows: [(window, window.AddHours(3))]), Actors.School("四川省"));
        Assert.Equal(HttpStatusCode.OK, (await _api.AssignAsync(other, busy, window.AddMinutes(60), window.AddMinutes(120))).StatusCode);
        var visit = await SichuanRoboticsRequest(window);

        var candidate = (await Candidates(visit)).Single(c => c.GetProperty("expertId").GetGuid() == busy);
        Assert.Equal(40 + 25 + 9, candidate.GetProperty("score").GetInt32());
        Assert.Equal(JsonValueKind.Null, candidate.GetProperty("suggestedSlot").ValueKind);
        Assert.Equal(1, candidate.GetProperty("upcomingVisits").GetInt32());
        Assert.Contains(candidate.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.StartsWith("availability: no free slot"));
    }

    [Fact]
    public async Task Candidates_are_for_the_centre_and_the_requests_province_only()
    {
        var visit = await SichuanRoboticsRequest(_api.MonthStart);
        Assert.Equal(HttpStatusCode.OK, (await service.ClientFor(Actors.Province("四川省")).GetAsync($"/api/v1/visit-requests/{visit}/candidates")).StatusCode);
        await ExpertsApi.AssertProblem(await service.ClientFor(Actors.Province("云南省")).GetAsync($"/api/v1/visit-requests/{visit}/candidates"),
            HttpStatusCode.NotFound, "not_found");
        await ExpertsApi.AssertProblem(await service.ClientFor(Actors.School("四川省")).GetAsync($"/api/v1/visit-requests/{visit}/candidates"),
            HttpStatusCode.Forbidden, "forbidden");
        await ExpertsApi.AssertProblem(await _api.Centre.GetAsync($"/api/v1/visit-requests/{visit}/candidates?limit=0"),
            HttpStatusCode.BadRequest, "validation_failed");
        await ExpertsApi.AssertProblem(await _api.Centre.GetAsync($"/api/v1/visit-requests/{Guid.NewGuid()}/candidates"),
            HttpStatusCode.NotFound, "not_found");
    }
}
