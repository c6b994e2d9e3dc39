using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.TestKit;
using Xunit;

namespace Kechuang.Experts.Tests;

public sealed class ExpertPoolTests(ExpertsFactory service) : IClassFixture<ExpertsFactory>
{
    private readonly ExpertsApi _api = new(service);

    [Fact]
    public async Task A_registered_expert_awaits_vetting_and_is_created_with_location_etag_and_version()
    {
        var response = await _api.Centre.PostAsJsonAsync("/api/v1/experts",
            ExpertsApi.ExpertBody(topics: ["robotics", "artificial-intelligence", "robotics"], trainer: true));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/experts/{id}", response.Headers.Location?.ToString());
        Assert.Equal("pending-vetting", body.GetProperty("status").GetString());
        Assert.Equal(1, body.GetProperty("version").GetInt64());
        Assert.Equal("university-teacher", body.GetProperty("category").GetString());
        Assert.True(body.GetProperty("trainer").GetBoolean());
        Assert.Equal(["robotics", "artificial-intelligence"], body.GetProperty("topics").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task The_centre_approves_an_expert_once_and_a_second_vetting_is_an_invalid_state()
    {
        var id = await _api.RegisterAsync(ExpertsApi.ExpertBody());

        var approved = await _api.Centre.PostAsJsonAsync($"/api/v1/experts/{id}/vetting", new { decision = "approve", comment = "同意入库" });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal("\"2\"", approved.Headers.ETag?.Tag);
        var body = await approved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("approved", body.GetProperty("status").GetString());
        Assert.Equal("approve", body.GetProperty("vetting").GetProperty("decision").GetString());

        var again = await _api.Centre.PostAsJsonAsync($"/api/v1/experts/{id}/vetting", new { decision = "reject" });
        await ExpertsApi.AssertProblem(again, HttpStatusCode.Conflict, "invalid_state");
    }

    [Fact]
    public async Task A_province_vets_only_experts_who_serve_it()
    {
        var sichuan = await _api.RegisterAsync(ExpertsApi.ExpertBody(provinces: ["四川省"]));
        var guangdong = service.ClientFor(Actors.Province("广东省"));

        var refused = await guangdong.PostAsJsonAsync($"/api/v1/experts/{sichuan}/vetting", new { decision = "approve" });
        await ExpertsApi.AssertProblem(refused, HttpStatusCode.Forbidden, "forbidden");

        var ok = await service.ClientFor(Actors.Province("四川省")).PostAsJsonAsync($"/api/v1/experts/{sichuan}/vetting", new { decision = "reject", comment = "材料不全" });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("rejected", (await ok.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Only_the_centre_and_provinces_vet()
    {
        var id = await _api.RegisterAsync(ExpertsApi.ExpertBody());
        foreach (var actor in new[] { Actors.School(), Actors.Expert(id), Actors.Reader })
        {
            var response = await service.ClientFor(actor).PostAsJsonAsync($"/api/v1/experts/{id}/vetting", new { decision = "approve" });
            await ExpertsApi.AssertProblem(response, HttpStatusCode.Forbidden, "forbidden");
        }
        var missing = await _api.Centre.PostAsJsonAsync($"/api/v1/experts/{Guid.NewGuid()}/vetting", new { decision = "approve" });
        await ExpertsApi.AssertProblem(missing, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_stale_if_match_on_vetting_is_a_412_and_the_expert_stays_unvetted()
    {
        var id = await _api.RegisterAsync(ExpertsApi.ExpertBody());
        var changed = await _api.Centre.PutAsJsonAsync($"/api/v1/experts/{id}/availability", new { slots = Array.Empty<object>() });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);

        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/experts/{id}/vetting")
        {
            Content = JsonContent.Create(new { decision = "approve" }),
        };
        request.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"1\""));
        await ExpertsApi.AssertProblem(await _api.Centre.SendAsync(request), HttpStatusCode.PreconditionFailed, "precondition_failed");

        var expert = await _api.Centre.GetFromJsonAsync<JsonElement>($"/api/v1/experts/{id}");
        Assert.Equal(2, expert.GetProperty("version").GetInt64());
        Assert.Equal(JsonValueKind.Null, expert.GetProperty("vetting").ValueKind);
    }

    [Fact]
    public async Task A_stale_if_match_on_availability_is_a_412()
    {
        var id = await _api.RegisterApprovedAsync(ExpertsApi.ExpertBody());
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/experts/{id}/availability")
        {
            Content = JsonContent.Create(new { slots = Array.Empty<object>() }),
        };
        request.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"1\""));
        var response = await _api.Centre.SendAsync(request);
        await ExpertsApi.AssertProblem(response, HttpStatusCode.PreconditionFailed, "precondition_failed");
    }

    [Fact]
    public async Task Phone_and_email_are_shown_only_to_the_centre_provinces_and_the_expert_themself()
    {
        var id = await _api.RegisterAsync(ExpertsApi.ExpertBody());
        foreach (var actor in new[] { Actors.Centre, Actors.Province("北京市"), Actors.Expert(id), Actors.Admin })
        {
            var seen = await service.ClientFor(actor).GetFromJsonAsync<JsonElement>($"/api/v1/experts/{id}");
            Assert.Equal("13800138000", seen.GetProperty("phone").GetString());
            Assert.Equal("liming@example.edu.cn", seen.GetProperty("email").GetString());
        }
        foreach (var actor in new[] { Actors.School(), Actors.Expert(Guid.NewGuid()), Actors.Reader, Actors.Unit() })
        {
            var response = await service.ClientFor(actor).GetAsync($"/api/v1/experts/{id}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var hidden = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.False(hidden.TryGetProperty("phone", out _), $"{actor.Role} sees no phone");
            Assert.False(hidden.TryGetProperty("email", out _), $"{actor.Role} sees no email");
            Assert.Equal("李明", hidden.GetProperty("name").GetString());
        }
    }

    [Fact]
    public async Task The_history_with_its_contact_details_is_shown_only_to_those_who_see_them()
    {
        var id = await _api.RegisterApprovedAsync(ExpertsApi.ExpertBody());
        var history = await service.ClientFor(Actors.Expert(id)).GetFromJsonAsync<JsonElement>($"/api/v1/experts/{id}/history");
        Assert.Equal(["expert-registered", "expert-vetted"], history.EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        Assert.Equal("centre", history[1].GetProperty("by").GetProperty("role").GetString());
        Assert.False(history[1].GetProperty("by").TryGetProperty("id", out _));
        var staff = await _api.Centre.GetFromJsonAsync<JsonElement>($"/api/v1/experts/{id}/history");
        Assert.Equal(Actors.Centre.Id, staff[1].GetProperty("by").GetProperty("id").GetString());

        var school = await service.ClientFor(Actors.School()).GetAsync($"/api/v1/experts/{id}/history");
        await ExpertsApi.AssertProblem(school, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task The_expert_sets_their_own_availability_and_another_expert_cannot()
    {
        var id = await _api.RegisterApprovedAsync(ExpertsApi.ExpertBody());
        var start = _api.MonthStart;
        await _api.SetAvailabilityAsync(id, (start.AddDays(2), start.AddDays(2).AddHours(3)), (start, start.AddHours(3)));

        var expert = await _api.Centre.GetFromJsonAsync<JsonElement>($"/api/v1/experts/{id}");
        var slots = expert.GetProperty("availability").EnumerateArray().Select(s => s.GetProperty("start").GetDateTimeOffset()).ToList();
        Assert.Equal([start, start.AddDays(2)], slots);

        var other = await service.ClientFor(Actors.Expert(Guid.NewGuid())).PutAsJsonAsync($"/api/v1/experts/{id}/availability",
            new { slots = Array.Empty<object>() });
        await ExpertsApi.AssertProblem(other, HttpStatusCode.Forbidden, "forbidden");
        var school = await service.ClientFor(Actors.School()).PutAsJsonAsync($"/api/v1/experts/{id}/availability",
            new { slots = Array.Empty<object>() });
        await ExpertsApi.AssertProblem(school, HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task A_rejected_expert_has_no_availability_to_set()
    {
        var id = await _api.RegisterAsync(ExpertsApi.ExpertBody());
        await _api.Centre.PostAsJsonAsync($"/api/v1/experts/{id}/vetting", new { decision = "reject" });
        var response = await service.ClientFor(Actors.Expert(id)).PutAsJsonAsync($"/api/v1/experts/{id}/availability",
            new { slots = new[] { new { start = _api.MonthStart, end = _api.MonthStart.AddHours(2) } } });
        await ExpertsApi.AssertProblem(response, HttpStatusCode.Conflict, "invalid_state");
    }

    [Fact]
    public async Task The_pool_is_searched_by_chinese_substrings_topic_province_status_and_trainer_flag()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var zhang = await _api.RegisterApprovedAsync(ExpertsApi.ExpertBody(name: $"张航天{tag}", topics: ["aerospace"],
            provinces: ["陕西省"], affiliation: "西北工业大学航天学院", trainer: true));
        var wang = await _api.RegisterAsync(ExpertsApi.ExpertBody(name: $"王机器{tag}", topics: ["robotics"],
            provinces: ["陕西省", "甘肃省"], affiliation: "西安交通大学机器人研究所"));

        async Task<Guid[]> Find(string query) =>
            (await service.ClientFor(Actors.Reader).GetFromJsonAsync<JsonElement>($"/api/v1/experts?{query}&pageSize=200"))
                .GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetGuid())
                .Where(id => id == zhang || id == wang).Order().ToArray();

        Assert.Equal([zhang], await Find($"q={Uri.EscapeDataString("航天" + tag)}"));
        Assert.Equal([wang], await Find($"q={Uri.EscapeDataString("机器" + tag)}"));
        Assert.Equal(new[] { wang, zhang }.Order(), await Find($"q={Uri.EscapeDataString(tag)}"));
        Assert.Equal([wang], await Find($"q={Uri.EscapeDataString(tag)}&topic=robotics"));
        Assert.Equal([wang], await Find($"q={Uri.EscapeDataString(tag)}&province={Uri.EscapeDataString("甘肃省")}"));
        Assert.Equal([zhang], await Find($"q={Uri.EscapeDataString(tag)}&status=approved"));
        Assert.Equal([wang], await Find($"q={Uri.EscapeDataString(tag)}&status=pending-vetting"));
        Assert.Equal([zhang], await Find($"q={Uri.EscapeDataString(tag)}&trainer=true"));

        var byAffiliation = await service.ClientFor(Actors.Reader).GetFromJsonAsync<JsonElement>(
            $"/api/v1/experts?q={Uri.EscapeDataString("西北工业")}&pageSize=200");
        Assert.Contains(byAffiliation.GetProperty("items").EnumerateArray(), e => e.GetProperty("id").GetGuid() == zhang);
        Assert.All(byAffiliation.GetProperty("items").EnumerateArray(), e => Assert.False(e.TryGetProperty("phone", out _)));
    }

    [Fact]
    public async Task The_list_is_paged()
    {
        for (var i = 0; i < 3; i++) await _api.RegisterAsync(ExpertsApi.ExpertBody(name: $"分页专家{i}"));
        var page = await service.ClientFor(Actors.Reader).GetFromJsonAsync<JsonElement>("/api/v1/experts?q=分页专家&page=2&pageSize=2");
        Assert.Equal(3, page.GetProperty("total").GetInt64());
        Assert.Equal(2, page.GetProperty("page").GetInt32());
        Assert.Equal(2, page.GetProperty("pageSize").GetInt32());
        Assert.Single(page.GetProperty("items").EnumerateArray());
    }

    [Theory]
    [InlineData("status=sleeping", "status")]
    [InlineData("topic=cooking", "topic")]
    [InlineData("province=Atlantis", "province")]
    [InlineData("trainer=maybe", "trainer")]
    [InlineData("pageSize=500", "pageSize")]
    public async Task A_bad_list_filter_is_a_400_naming_the_field(string query, string field)
    {
        var response = await service.ClientFor(Actors.Reader).GetAsync($"/api/v1/experts?{query}");
        var problem = await ExpertsApi.AssertProblem(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Schools_and_readers_do_not_register_experts_and_anonymous_callers_are_401()
    {
        foreach (var actor in new Actor[] { Actors.School(), Actors.Reader })
        {
            var response = await service.ClientFor(actor).PostAsJsonAsync("/api/v1/experts", ExpertsApi.ExpertBody());
            await ExpertsApi.AssertProblem(response, HttpStatusCode.Forbidden, "forbidden");
        }
        var anonymous = await service.ClientFor(null).GetAsync("/api/v1/experts");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }
}
