using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Kechuang.TestKit;
using Xunit;

namespace Kechuang.Experts.Tests;

/// <summary>Bad input is a 400 problem+json naming every bad field, and nothing is stored.</summary>
public sealed class BadInputTests(ExpertsFactory service) : IClassFixture<ExpertsFactory>
{
    private readonly ExpertsApi _api = new(service);

    private static StringContent Raw(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task AssertFields(HttpResponseMessage response, params string[] fields)
    {
        var problem = await ExpertsApi.AssertProblem(response, HttpStatusCode.BadRequest, "validation_failed");
        var errors = problem.GetProperty("errors");
        foreach (var field in fields) Assert.True(errors.TryGetProperty(field, out _), $"an error for {field} in {errors}");
    }

    private async Task<long> ExpertTotal() =>
        (await _api.Centre.GetFromJsonAsync<JsonElement>("/api/v1/experts?pageSize=1")).GetProperty("total").GetInt64();

    [Fact]
    public async Task Registering_an_expert_with_every_field_wrong_names_them_all_and_stores_nothing()
    {
        var before = await ExpertTotal();
        var response = await _api.Centre.PostAsJsonAsync("/api/v1/experts", new
        {
            name = "",
            affiliation = new string('大', 101),
            disciplines = Array.Empty<string>(),
            topics = new[] { "cooking" },
            provinces = new[] { "Atlantis" },
            phone = "12345",
            email = "not-an-email",
            maxVisitsPerMonth = 0,
        });
        await AssertFields(response, "name", "affiliation", "title", "disciplines", "topics[0]", "provinces[0]", "phone", "email", "maxVisitsPerMonth");
        Assert.Equal(before, await ExpertTotal());
    }

    [Fact]
    public async Task Registering_with_no_topics_or_provinces_is_a_400()
    {
        var response = await _api.Centre.PostAsJsonAsync("/api/v1/experts", new
        {
            name = "李明", affiliation = "清华大学", title = "教授", disciplines = new[] { "物理学" },
            phone = "010-68518519", email = "a@b.cn", maxVisitsPerMonth = 2,
        });
        await AssertFields(response, "topics", "provinces");
    }

    [Theory]
    [InlineData("{\"name\": \"李明\", ")]
    [InlineData("{\"name\": \"李明\", \"category\": \"astronaut\"}")]
    [InlineData("{\"name\": \"李明\", \"maxVisitsPerMonth\": \"many\"}")]
    [InlineData("{\"name\": \"李明\", \"trainer\": \"yes\"}")]
    public async Task Malformed_json_or_an_unknown_enum_on_registration_is_a_400(string json)
    {
        var before = await ExpertTotal();
        await ExpertsApi.AssertProblem(await _api.Centre.PostAsync("/api/v1/experts", Raw(json)), HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(before, await ExpertTotal());
    }

    [Fact]
    public async Task Vetting_without_a_known_decision_is_a_400_and_the_expert_stays_pending()
    {
        var id = await _api.RegisterAsync(ExpertsApi.ExpertBody());
        await AssertFields(await _api.Centre.PostAsJsonAsync($"/api/v1/experts/{id}/vetting", new { comment = "好" }), "decision");
        await ExpertsApi.AssertProblem(await _api.Centre.PostAsync($"/api/v1/experts/{id}/vetting", Raw("{\"decision\": \"maybe\"}")),
            HttpStatusCode.BadRequest, "validation_failed");
        var expert = await _api.Centre.GetAsync($"/api/v1/experts/{id}");
        Assert.Equal("\"1\"", expert.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task Availability_with_backwards_missing_or_overlapping_slots_is_a_400_and_changes_nothing()
    {
        var id = await _api.RegisterApprovedAsync(ExpertsApi.ExpertBody());
        var start = _api.MonthStart;
        var response = await _api.Centre.PutAsJsonAsync($"/api/v1/experts/{id}/availability", new
        {
            slots = new object[]
            {
                new { start = start.AddHours(2), end = start },
                new { start = start },
                new { start = start.AddDays(1), end = start.AddDays(1).AddHours(3) },
                new { start = start.AddDays(1).AddHours(1), end = start.AddDays(1).AddHours(4) },
            },
        });
        await AssertFields(response, "slots[0]", "slots[1].end", "slots");
        await AssertFields(await _api.Centre.PutAsJsonAsync($"/api/v1/experts/{id}/availability", new { }), "slots");
        var expert = await _api.Centre.GetFromJsonAsync<JsonElement>($"/api/v1/experts/{id}");
        Assert.Equal(2, expert.GetProperty("version").GetInt64());
        Assert.Empty(expert.GetProperty("availability").EnumerateArray());
    }

    [Fact]
    public async Task A_visit_request_with_every_field_wrong_names_them_all_and_stores_nothing()
    {
        var school = service.ClientFor(Actors.School());
        var start = _api.MonthStart;
        var response = await school.PostAsJsonAsync("/api/v1/visit-requests", new
        {
            school = new { name = "", province = "火星省" },
            topic = "cooking",
            grades = new[] { "grade-13" },
            audienceSize = 0,
            preferredWindows = new[] { new { start = start, end = start.AddMinutes(30) } },
            durationMinutes = 60,
        });
        await AssertFields(response, "school.name", "school.province", "school.rural", "kind", "topic", "grades[0]", "audienceSize", "preferredWindows");
        await AssertFields(await school.PostAsJsonAsync("/api/v1/visit-requests", new { kind = "science-talk" }),
            "school", "topic", "grades", "audienceSize", "preferredWindows", "durationMinutes");
        Assert.Equal(0, (await school.GetFromJsonAsync<JsonElement>("/api/v1/visit-requests")).GetProperty("total").GetInt64());
    }

    [Theory]
    [InlineData("{\"kind\": \"magic-show\"}")]
    [InlineData("{\"school\": {\"rural\": \"sometimes\"}}")]
    [InlineData("[1, 2")]
    public async Task Malformed_json_or_an_unknown_kind_on_a_visit_request_is_a_400(string json)
    {
        var school = service.ClientFor(Actors.School());
        await ExpertsApi.AssertProblem(await school.PostAsync("/api/v1/visit-requests", Raw(json)), HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(0, (await school.GetFromJsonAsync<JsonElement>("/api/v1/visit-requests")).GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task A_school_key_without_an_organisation_cannot_request_visits()
    {
        var anonymousSchool = new Kechuang.BuildingBlocks.Domain.Actor("key-school-x", "学校", "school", "北京市");
        var response = await service.ClientFor(anonymousSchool).PostAsJsonAsync("/api/v1/visit-requests",
            ExpertsApi.VisitBody(windows: [(_api.MonthStart, _api.MonthStart.AddHours(3))]));
        await ExpertsApi.AssertProblem(response, HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Bad_actions_on_a_visit_are_400s_and_leave_it_unchanged()
    {
        var expert = await _api.RegisterApprovedAsync(ExpertsApi.ExpertBody());
        var (visit, school) = await _api.RequestAsync();
        var start = _api.MonthStart;

        await AssertFields(await _api.Centre.PostAsJsonAsync($"/api/v1/visit-requests/{visit}/assignment", new { start = start.AddHours(1), end = start }),
            "expertId", "slot");
        await AssertFields(await _api.Centre.PostAsJsonAsync($"/api/v1/visit-requests/{visit}/assignment",
            new { expertId = expert, start, end = start.AddHours(9) }), "end");
        await ExpertsApi.AssertProblem(await _api.Centre.PostAsync($"/api/v1/visit-requests/{visit}/assignment", Raw("{\"expertId\": \"not-a-guid\"}")),
            HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("open", (await _api.VisitAsync(visit)).GetProperty("status").GetString());
        Assert.Empty((await _api.ScheduleAsync(expert)).GetProperty("visits").EnumerateArray());

        await _api.AssignAsync(visit, expert, start, start.AddHours(1));
        var asExpert = service.ClientFor(Actors.Expert(expert));
        await AssertFields(await asExpert.PostAsJsonAsync($"/api/v1/visit-requests/{visit}/acceptance", new { reason = "好" }), "accept");
        await AssertFields(await service.ClientFor(school).PostAsJsonAsync($"/api/v1/visit-requests/{visit}/cancellation", new { }), "reason");
        Assert.Equal(2, (await _api.VisitAsync(visit)).GetProperty("version").GetInt64());

        await _api.RespondAsync(visit, expert, accept: true);
        await AssertFields(await _api.Centre.PostAsJsonAsync($"/api/v1/visit-requests/{visit}/delivery",
            new { audienceCount = -1, durationMinutes = 0 }), "deliveredAt", "audienceCount", "durationMinutes");
        await _api.Centre.PostAsJsonAsync($"/api/v1/visit-requests/{visit}/delivery",
            new { deliveredAt = service.Clock.GetUtcNow(), audienceCount = 50, durationMinutes = 60 });
        await AssertFields(await service.ClientFor(school).PostAsJsonAsync($"/api/v1/visit-requests/{visit}/feedback", new { rating = 6 }), "rating");
        await AssertFields(await service.ClientFor(school).PostAsJsonAsync($"/api/v1/visit-requests/{visit}/feedback", new { }), "rating");

        var final = await _api.VisitAsync(visit);
        Assert.Equal("delivered", final.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, final.GetProperty("feedback").ValueKind);
    }

    [Fact]
    public async Task A_bad_if_match_header_is_a_400_not_a_500()
    {
        var (visit, school) = await _api.RequestAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/visit-requests/{visit}/cancellation") { Content = JsonContent.Create(new { reason = "x" }) };
        request.Headers.TryAddWithoutValidation("If-Match", "yesterday");
        await AssertFields(await service.ClientFor(school).SendAsync(request), "If-Match");
    }
}
