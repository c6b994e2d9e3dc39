using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kechuang.TestKit;
using Xunit;

namespace Kechuang.Experts.Tests;

public sealed class VisitLifecycleTests(ExpertsFactory service) : IClassFixture<ExpertsFactory>
{
    private readonly ExpertsApi _api = new(service);

    [Fact]
    public async Task A_school_requests_a_visit_which_opens_with_its_organisation_recorded()
    {
        var school = Actors.School("北京市");
        var start = _api.MonthStart;
        var response = await service.ClientFor(school).PostAsJsonAsync("/api/v1/visit-requests",
            ExpertsApi.VisitBody(windows: [(start, start.AddHours(3))], rural: true));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/visit-requests/{id}", response.Headers.Location?.ToString());
        Assert.Equal("open", body.GetProperty("status").GetString());
        Assert.Equal("science-talk", body.GetProperty("kind").GetString());
        Assert.True(body.GetProperty("school").GetProperty("rural").GetBoolean());
        Assert.Equal(school.OrganizationId, body.GetProperty("organizationId").GetGuid());
        Assert.Equal(1, body.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task The_full_lifecycle_runs_from_request_to_feedback_and_logs_the_hours()
    {
        var expert = await _api.RegisterApprovedAsync(ExpertsApi.ExpertBody());
        var (visit, school) = await _api.RequestAsync();
        var start = _api.MonthStart.AddHours(1);

        var proposed = await _api.AssignAsync(visit, expert, start, start.AddMinutes(90));
        Assert.Equal(HttpStatusCode.OK, proposed.StatusCode);
        Assert.Equal("\"2\"", proposed.Headers.ETag?.Tag);
        var body = await proposed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("proposed", body.GetProperty("status").GetString());
        Assert.Equal(expert, body.GetProperty("assignment").GetProperty("expertId").GetGuid());

        var confirmed = await _api.RespondAsync(visit, expert, accept: true);
        Assert.Equal("confirmed", (await confirmed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        var schedule = await _api.ScheduleAsync(expert);
        var held = Assert.Single(schedule.GetProperty("visits").EnumerateArray());
        Assert.Equal("confirmed", held.GetProperty("status").GetString());
        Assert.Equal(start, held.GetProperty("start").GetDateTimeOffset());

        var delivered = await service.ClientFor(Actors.Expert(expert)).PostAsJsonAsync($"/api/v1/visit-requests/{visit}/delivery",
            new { deliveredAt = service.Clock.GetUtcNow(), audienceCount = 110, durationMinutes = 95 });
        Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);
        Assert.Equal("delivered", (await delivered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        var feedback = await service.ClientFor(school).PostAsJsonAsync($"/api/v1/visit-requests/{visit}/feedback",
            new { rating = 5, comment = "学生们很喜欢" });
        Assert.Equal(HttpStatusCode.OK, feedback.StatusCode);
        Assert.Equal(5, (await feedback.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("feedback").GetProperty("rating").GetInt32());

        var hours = await service.ClientFor(Actors.Reader).GetFromJsonAsync<JsonElement>($"/api/v1/experts/{expert}/hours");
        Assert.Equal(expert, hours.GetProperty("expertId").GetGuid());
        Assert.Equal(1, hours.GetProperty("visits").GetInt32());
        Assert.Equal(95, hours.GetProperty("minutes").GetInt32());
        Assert.Equal(1.58, hours.GetProperty("hours").GetDouble());

        var history = await service.ClientFor(school).GetFromJsonAsync<JsonElement>($"/api/v1/visit-requests/{visit}/history");
        Assert.Equal(["visit-requested", "visit-assigned", "visit-accepted", "visit-delivered", "visit-feedback-given"],
            history.EnumerateArray().Select(e => e.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task A_declined_proposal_returns_the_request_to_open_and_frees_the_slot()
    {
        var expert = await _api.RegisterApprovedAsync(ExpertsApi.ExpertBody());
        var (first, _) = await _api.RequestAsync();
        var (second, _) = await _api.RequestAsync();
        var start = _api.MonthStart;
        Assert.Equal(HttpStatusCode.OK, (await _api.AssignAsync(first, expert, start, start.AddHours(1))).StatusCode);
        await ExpertsApi.AssertProblem(await _api.AssignAsync(second, expert, start, start.AddHours(1)), HttpStatusCode.Conflict, "double_booked");

        var declined = await _api.RespondAsync(first, expert, accept: false, reason: "当天出差");
        Assert.Equal(HttpStatusCode.OK, declined.StatusCode);
        var open = await declined.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("open", open.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, open.GetProperty("assignment").ValueKind);
        Assert.Empty((await _api.ScheduleAsync(expert)).GetProperty("visits").EnumerateArray());

        Assert.Equal(HttpStatusCode.OK, (await _api.AssignAsync(second, expert, start, start.AddHours(1))).StatusCode);
        var other = await _api.RegisterApprovedAsync(ExpertsApi.ExpertBody(name: "赵敏"));
        Assert.Equal(HttpStatusCode.OK, (await _api.AssignAsync(first, other, start, start.AddHours(1))).StatusCode);
    }

    [Fact]
    public async Task Cancelling_a_confirmed_visit_frees_the_slot_and_a_cancelled_visit_cannot_be_cancelled_again()
    {
        var expert = await _api.RegisterApprovedAsync(ExpertsApi.ExpertBody());
        var (visit, school) = await _api.RequestAsync();
        var (next, _) = await _api.RequestAsync();
        var start = _api.MonthStart;
        await _api.AssignAsync(visit, expert, start, start.AddHours(1));
        await _api.RespondAsync(visit, expert, accept: true);

        var cancelled = await service.ClientFor(school).PostAsJsonAsync($"/api/v1/visit-requests/{visit}/cancellation", new { reason = "学校停课" });
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        var body = await cancelled.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("cancelled", body.GetProperty("status").GetString());
        Assert.Equal("学校停课", body.GetProperty("cancellationReason").GetString());
        Assert.Empty((await _api.ScheduleAsync(expert)).GetProperty("visits").EnumerateArray());

        Assert.Equal(HttpStatusCode.OK, (await _api.AssignAsync(next, expert, start, start.AddHours(1))).StatusCode);
        var again = await service.ClientFor(school).PostAsJsonAsync($"/api/v1/visit-requests/{visit}/cancellation", new { reason = "再次取消" });
        await ExpertsApi.AssertProblem(again, HttpStatusCode.Conflict, "invalid_state");
    }

    [Fact]
    public async Task An_open_request_can_be_cancelled_and_a_delivered_one_cannot()
    {
        var (open, school) = await _api.RequestAsync();
        var cancelled = await service.ClientFor(school).PostAsJsonAsync($"/api/v1/visit-requests/{open}/cancellation", new { reason = "改期" });
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);

        var (visit, _) = await DeliveredVisit();
        var late = await _api.Centre.PostAsJsonAsync($"/api/v1/visit-requests/{visit}/cancellation", new { reason = "太晚了" });
        await ExpertsApi.AssertProblem(late, HttpStatusCode.Conflict, "invalid_state");
    }

    [Fact]
    public async Task Actions_the_state_does_not_allow_are_409_invalid_state()
    {
        var expert = await _api.RegisterApprovedAsync(ExpertsApi.ExpertBody());
        var (visit, school) = await _api.RequestAsync();
        var start = _api.MonthStart.AddDays(3);
        var schoolClient = service.ClientFor(school);

        await ExpertsApi.AssertProblem(await schoolClient.PostAsJsonAsync($"/api/v1/visit-requests/{visit}/feedback", new { rating = 4 }),
            HttpStatusCode.Conflict, "invalid_state");
        await ExpertsApi.AssertProblem(await _api.Centre.PostAsJsonAsync($"/api/v1/visit-requests/{visit}/delivery",
            new { deliveredAt = service.Clock.GetUtcNow(), audienceCount = 50, durationMinutes = 60 }), HttpStatusCode.Conflict, "invalid_state");

        await _api.AssignAsync(visit, expert, start, start.AddHours(1));
        await ExpertsApi.AssertProblem(await _api.AssignAsync(visit, expert, start.AddDays(1), start.AddDays(1).AddHours(1)),
            HttpStatusCode.Conflict, "invalid_state");
        await ExpertsApi.AssertProblem(await _api.Centre.PostAsJsonAsync($"/api/v1/visit-requests/{visit}/delivery",
            new { deliveredAt = service.Clock.GetUtcNow(), audienceCount = 50, durationMinutes = 60 }), HttpStatusCode.Conflict, "invalid_state");

        await _api.RespondAsync(visit, expert, accept: true);
        await ExpertsApi.AssertProblem(await _api.RespondAsync(visit, expert, accept: false), HttpStatusCode.Conflict, "invalid_state");

        var (delivered, deliveredBy) = await DeliveredVisit();
        var feedback = service.ClientFor(deliveredBy);
        Assert.Equal(HttpStatusCode.OK, (await feedback.PostAsJsonAsync($"/api/v1/visit-requests/{delivered}/feedback", new { rating = 3 })).StatusCode);
        await ExpertsApi.AssertProblem(await feedback.PostAsJsonAsync($"/api/v1/visit-requests/{delivered}/feedback", new { rating = 5 }),
            HttpStatusCode.Conflict, "invalid_state");
    }

    [Fact]
    public async Task A_visit_is_not_recorded_as_delivered_before_it_took_place()
    {
        var expert = await _api.RegisterApprovedAsync(ExpertsApi.ExpertBody());
        var (visit, _) = await _api.RequestAsync();
        await _api.AssignAsync(visit, expert, _api.MonthStart, _api.MonthStart.AddHours(1));
        await _api.RespondAsync(visit, expert, accept: true);

        var response = await _api.Centre.PostAsJsonAsync($"/api/v1/visit-requests/{visit}/delivery",
            new { deliveredAt = service.Clock.GetUtcNow().AddDays(1), audienceCount = 80, durationMinutes = 60 });
        await ExpertsApi.AssertProblem(response, HttpStatusCode.UnprocessableEntity, "delivered_in_future");
    }

    [Fact]
    public async Task An_unvetted_or_rejected_expert_is_not_assigned_and_an_unknown_one_is_a_404()
    {
        var pending = await _api.RegisterAsync(ExpertsApi.ExpertBody());
        var (visit, _) = await _api.RequestAsync();
        await ExpertsApi.AssertProblem(await _api.AssignAsync(visit, pending, _api.MonthStart, _api.MonthStart.AddHours(1)),
            HttpStatusCode.UnprocessableEntity, "expert_not_vetted");
        await ExpertsApi.AssertProblem(await _api.AssignAsync(visit, Guid.NewGuid(), _api.MonthStart, _api.MonthStart.AddHours(1)),
            HttpStatusCode.NotFound, "not_found");
        Assert.Equal("open", (await _api.VisitAsync(visit)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Touching_slots_are_not_an_overlap()
    {
        var expert = await _api.RegisterApprovedAsync(ExpertsApi.ExpertBody());
        var (first, _) = await _api.RequestAsync();
        var (second, _) = await _api.RequestAsync();
        var start = _api.MonthStart;
        Assert.Equal(HttpStatusCode.OK, (await _api.AssignAsync(first, expert, start, start.AddHours(1))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _api.AssignAsync(second, expert, start.AddHours(1), start.AddHours(2))).StatusCode);
    }

    [Fact]
    public async Task A_schools_sees_and_acts_on_its_own_requests_only()
    {
        var (visit, owner) = await _api.RequestAsync();
        var stranger = service.ClientFor(Actors.School("北京市"));

        await ExpertsApi.AssertProblem(await stranger.GetAsync($"/api/v1/visit-requests/{visit}"), HttpStatusCode.NotFound, "not_found");
        await ExpertsApi.AssertProblem(await stranger.GetAsync($"/api/v1/visit-requests/{visit}/history"), HttpStatusCode.NotFound, "not_found");
        await ExpertsApi.AssertProblem(await stranger.PostAsJsonAsync($"/api/v1/visit-requests/{visit}/cancellation", new { reason = "恶作剧" }),
            HttpStatusCode.NotFound, "not_found");

        var own = await service.ClientFor(owner).GetFromJsonAsync<JsonElement>("/api/v1/visit-requests");
        Assert.Equal([visit], own.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
        var theirs = await stranger.GetFromJsonAsync<JsonElement>("/api/v1/visit-requests");
        Assert.Equal(0, theirs.GetProperty("total").GetInt64());
        Assert.Equal("open", (await _api.VisitAsync(visit)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_province_sees_and_assigns_only_its_own_provinces_requests()
    {
        var expert = await _api.RegisterApprovedAsync(ExpertsApi.ExpertBody(provinces: ["北京市", "天津市"]));
        var (visit, _) = await _api.RequestAsync();
        var tianjin = service.ClientFor(Actors.Province("天津市"));
        await ExpertsApi.AssertProblem(await tianjin.GetAsync($"/api/v1/visit-requests/{visit}"), HttpStatusCode.NotFound, "not_found");
        await ExpertsApi.AssertProblem(await _api.AssignAsync(visit, expert, _api.MonthStart, _api.MonthStart.AddHours(1), tianjin),
            HttpStatusCode.NotFound, "not_found");

        var beijing = service.ClientFor(Actors.Province("北京市"));
        Assert.Equal(HttpStatusCode.OK, (await _api.AssignAsync(visit, expert, _api.MonthStart, _api.MonthStart.AddHours(1), beijing)).StatusCode);
    }

    [Fact]
    public async Task Only_the_proposed_expert_accepts_and_only_staff_assign()
    {
        var expert = await _api.RegisterApprovedAsync(ExpertsApi.ExpertBody());
        var other = await _api.RegisterApprovedAsync(ExpertsApi.ExpertBody(name: "钱学"));
        var (visit, school) = await _api.RequestAsync();

        await ExpertsApi.AssertProblem(await _api.AssignAsync(visit, expert, _api.MonthStart, _api.MonthStart.AddHours(1),
            service.ClientFor(Actors.Expert(expert))), HttpStatusCode.Forbidden, "forbidden");
        await ExpertsApi.AssertProblem(await _api.AssignAsync(visit, expert, _api.MonthStart, _api.MonthStart.AddHours(1),
            service.ClientFor(school)), HttpStatusCode.Forbidden, "forbidden");

        await _api.AssignAsync(visit, expert, _api.MonthStart, _api.MonthStart.AddHours(1));
        await ExpertsApi.AssertProblem(await _api.RespondAsync(visit, other, accept: true), HttpStatusCode.NotFound, "not_found");
        await ExpertsApi.AssertProblem(await service.ClientFor(school).PostAsJsonAsync($"/api/v1/visit-requests/{visit}/acceptance",
            new { accept = true }), HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal("proposed", (await _api.VisitAsync(visit)).GetProperty("status").GetString());

        var mine = await service.ClientFor(Actors.Expert(expert)).GetFromJsonAsync<JsonElement>("/api/v1/visit-requests");
        Assert.Equal([visit], mine.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task The_schedule_shows_schools_to_staff_and_the_expert_but_only_busy_times_to_others()
    {
        var expert = await _api.RegisterApprovedAsync(ExpertsApi.ExpertBody());
        var (visit, _) = await _api.RequestAsync();
        await _api.AssignAsync(visit, expert, _api.MonthStart, _api.MonthStart.AddHours(1));

        var own = await service.ClientFor(Actors.Expert(expert)).GetFromJsonAsync<JsonElement>($"/api/v1/experts/{expert}/schedule");
        Assert.Equal("海淀区实验小学", own.GetProperty("visits")[0].GetProperty("school").GetProperty("name").GetString());
        var school = await service.ClientFor(Actors.School()).GetFromJsonAsync<JsonElement>($"/api/v1/experts/{expert}/schedule");
        var busy = Assert.Single(school.GetProperty("visits").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, busy.GetProperty("school").ValueKind);
        Assert.Equal(_api.MonthStart, busy.GetProperty("start").GetDateTimeOffset());

        await ExpertsApi.AssertProblem(await _api.Centre.GetAsync($"/api/v1/experts/{Guid.NewGuid()}/schedule"), HttpStatusCode.NotFound, "not_found");
        await ExpertsApi.AssertProblem(await _api.Centre.GetAsync($"/api/v1/experts/{Guid.NewGuid()}/hours"), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_stale_if_match_on_an_action_is_a_412_and_changes_nothing()
    {
        var (visit, school) = await _api.RequestAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/visit-requests/{visit}/cancellation")
        {
            Content = JsonContent.Create(new { reason = "改期" }),
        };
        request.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"7\""));
        await ExpertsApi.AssertProblem(await service.ClientFor(school).SendAsync(request), HttpStatusCode.PreconditionFailed, "precondition_failed");
        Assert.Equal("open", (await _api.VisitAsync(visit)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_Kechuang_Experts_meter_counts_registrations_vettings_requests_assignments_and_deliveries()
    {
        using var counted = new OwnMeasurements(ExpertsMetrics.Name);

        var expert = await _api.RegisterApprovedAsync(ExpertsApi.ExpertBody());
        var (visit, _) = await _api.RequestAsync();
        await _api.AssignAsync(visit, expert, _api.MonthStart, _api.MonthStart.AddHours(1));
        await _api.RespondAsync(visit, expert, accept: true);
        var delivered = await _api.Centre.PostAsJsonAsync($"/api/v1/visit-requests/{visit}/delivery",
            new { deliveredAt = service.Clock.GetUtcNow(), audienceCount = 30, durationMinutes = 40 });
        Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);

        // Exactly what this test did, whatever the test classes running in parallel count meanwhile.
        foreach (var name in new[]
        {
            "kechuang.experts.registered", "kechuang.experts.vetted", "kechuang.experts.visits.requested",
            "kechuang.experts.visits.assigned", "kechuang.experts.visits.delivered",
        })
            Assert.True(counted.Of(name) == 1, $"{name} counted {counted.Of(name)}, not 1");
    }

    private async Task<(Guid Visit, Kechuang.BuildingBlocks.Domain.Actor School)> DeliveredVisit()
    {
        var expert = await _api.RegisterApprovedAsync(ExpertsApi.ExpertBody(name: "孙交付"));
        var (visit, school) = await _api.RequestAsync();
        await _api.AssignAsync(visit, expert, _api.MonthStart.AddDays(5), _api.MonthStart.AddDays(5).AddHours(1));
        await _api.RespondAsync(visit, expert, accept: true);
        var delivered = await _api.Centre.PostAsJsonAsync($"/api/v1/visit-requests/{visit}/delivery",
            new { deliveredAt = service.Clock.GetUtcNow(), audienceCount = 60, durationMinutes = 60 });
        Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);
        return (visit, school);
    }
}
