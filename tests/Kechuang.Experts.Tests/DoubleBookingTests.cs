using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace Kechuang.Experts.Tests;

/// <summary>
/// No expert is double-booked nor booked beyond their monthly capacity, however many
/// assignments race: each one decides on the expert's schedule stream under its row lock.
/// </summary>
public sealed class DoubleBookingTests(ExpertsFactory service) : IClassFixture<ExpertsFactory>
{
    private readonly ExpertsApi _api = new(service);

    [Fact]
    public async Task Twenty_parallel_assignments_of_one_expert_to_overlapping_slots_give_exactly_one_proposal()
    {
        var expert = await _api.RegisterApprovedAsync(ExpertsApi.ExpertBody(maxVisitsPerMonth: 31));
        var visits = new List<Guid>();
        for (var i = 0; i < 20; i++) visits.Add((await _api.RequestAsync()).Id);
        var start = _api.MonthStart;

        // Slot i starts i minutes after the first and lasts an hour: every pair overlaps.
        var responses = await Task.WhenAll(visits.Select((visit, i) =>
            _api.AssignAsync(visit, expert, start.AddMinutes(i), start.AddMinutes(i + 60))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        var refused = responses.Where(r => r.StatusCode != HttpStatusCode.OK).ToList();
        Assert.Equal(19, refused.Count);
        foreach (var response in refused) await ExpertsApi.AssertProblem(response, HttpStatusCode.Conflict, "double_booked");

        var schedule = await _api.ScheduleAsync(expert);
        Assert.Single(schedule.GetProperty("visits").EnumerateArray());
        var proposed = 0;
        foreach (var visit in visits)
            if ((await _api.VisitAsync(visit)).GetProperty("status").GetString() == "proposed") proposed++;
        Assert.Equal(1, proposed);
    }

    [Fact]
    public async Task Parallel_assignments_beyond_the_monthly_capacity_are_refused_with_monthly_capacity_reached()
    {
        var expert = await _api.RegisterApprovedAsync(ExpertsApi.ExpertBody(maxVisitsPerMonth: 3));
        var visits = new List<Guid>();
        for (var i = 0; i < 8; i++) visits.Add((await _api.RequestAsync()).Id);
        var start = _api.MonthStart;

        // Eight different days of the same month: no overlap, only the capacity limits them.
        var responses = await Task.WhenAll(visits.Select((visit, i) =>
            _api.AssignAsync(visit, expert, start.AddDays(i), start.AddDays(i).AddHours(1))));

        Assert.Equal(3, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        foreach (var response in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
            await ExpertsApi.AssertProblem(response, HttpStatusCode.Conflict, "monthly_capacity_reached");

        var (nextMonth, _) = await _api.RequestAsync();
        Assert.Equal(HttpStatusCode.OK, (await _api.AssignAsync(nextMonth, expert, start.AddMonths(1), start.AddMonths(1).AddHours(1))).StatusCode);
    }

    [Fact]
    public async Task The_same_request_assigned_in_parallel_is_proposed_once_and_the_others_find_it_no_longer_open()
    {
        var expert = await _api.RegisterApprovedAsync(ExpertsApi.ExpertBody(maxVisitsPerMonth: 31));
        var (visit, _) = await _api.RequestAsync();
        var start = _api.MonthStart;

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            _api.AssignAsync(visit, expert, start.AddDays(i), start.AddDays(i).AddHours(1))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        foreach (var response in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
            await ExpertsApi.AssertProblem(response, HttpStatusCode.Conflict, "invalid_state");
        var schedule = await _api.ScheduleAsync(expert);
        Assert.Single(schedule.GetProperty("visits").EnumerateArray());
        var history = await _api.Centre.GetFromJsonAsync<JsonElement>($"/api/v1/visit-requests/{visit}/history");
        Assert.Single(history.EnumerateArray(), e => e.GetProperty("type").GetString() == "visit-assigned");
    }

    [Fact]
    public async Task Parallel_cancellations_of_one_request_cancel_it_once_and_never_fail_with_a_server_error()
    {
        var (visit, school) = await _api.RequestAsync();
        var client = service.ClientFor(school);

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            client.PostAsJsonAsync($"/api/v1/visit-requests/{visit}/cancellation", new { reason = "改期" })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        foreach (var response in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            var code = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();
            Assert.Contains(code, new[] { "invalid_state", "concurrency_conflict" });
        }
        var history = await _api.Centre.GetFromJsonAsync<JsonElement>($"/api/v1/visit-requests/{visit}/history");
        Assert.Single(history.EnumerateArray(), e => e.GetProperty("type").GetString() == "visit-cancelled");
    }
}
