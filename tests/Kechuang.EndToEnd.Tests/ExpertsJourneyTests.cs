using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace Kechuang.EndToEnd.Tests;

/// <summary>
/// 大手拉小手 through the gateway with partner keys: an expert is registered and vetted, sets
/// availability; a rural school asks for a talk; the province matches and assigns; the expert
/// accepts and delivers; the school gives feedback; the hours are logged.
/// </summary>
public sealed class ExpertsJourneyTests(SystemFixture system)
{
    private const string Province = "云南省";

    [Fact]
    public async Task An_expert_visit_goes_from_registration_to_logged_hours_through_the_gateway()
    {
        var centre = await system.ClientAsync("centre");
        var province = await system.ClientAsync("province", Province);
        var schoolOrganization = Guid.NewGuid();
        var school = await system.ClientAsync("school", Province, organizationId: schoolOrganization);
        var now = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8));
        var day = new DateTimeOffset(now.Year, now.Month, 1, 14, 0, 0, TimeSpan.FromHours(8)).AddMonths(1).AddDays(9);

        // Register and vet.
        var registered = await centre.PostAsJsonAsync("/api/v1/experts", new
        {
            name = "杨振华",
            affiliation = "云南大学物理与天文学院",
            title = "研究员",
            category = "researcher",
            disciplines = new[] { "天文学" },
            topics = new[] { "aerospace", "physics" },
            provinces = new[] { Province },
            phone = "0871-65033559",
            email = "yang@ynu.example.cn",
            bio = "长期参与科普报告汇。",
            maxVisitsPerMonth = 4,
            trainer = true,
        });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var expertId = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/experts/{expertId}", registered.Headers.Location?.ToString());

        var vetted = await province.PostAsJsonAsync($"/api/v1/experts/{expertId}/vetting", new { decision = "approve", comment = "同意入库" });
        Assert.Equal(HttpStatusCode.OK, vetted.StatusCode);
        Assert.Equal("approved", (await vetted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        // The expert sets availability with their own key and sees their contact details; the school does not.
        var expert = await system.ClientAsync("expert", expertId: expertId);
        var availability = await expert.PutAsJsonAsync($"/api/v1/experts/{expertId}/availability",
            new { slots = new[] { new { start = day, end = day.AddHours(4) } } });
        Assert.Equal(HttpStatusCode.OK, availability.StatusCode);
        Assert.Equal("0871-65033559", (await availability.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("phone").GetString());
        var seenBySchool = await school.GetFromJsonAsync<JsonElement>($"/api/v1/experts/{expertId}");
        Assert.False(seenBySchool.TryGetProperty("phone", out _));

        // A rural school requests a science talk.
        var requested = await school.PostAsJsonAsync("/api/v1/visit-requests", new
        {
            school = new { name = "沧源佤族自治县勐董镇中心小学", province = Province, city = "临沧市", county = "沧源佤族自治县", rural = true },
            kind = "science-talk",
            topic = "aerospace",
            grades = new[] { "grade-4", "grade-5", "grade-6" },
            audienceSize = 180,
            preferredWindows = new[] { new { start = day.AddHours(-2), end = day.AddHours(3) } },
            durationMinutes = 90,
            notes = "希望介绍中国空间站。",
        });
        Assert.Equal(HttpStatusCode.Created, requested.StatusCode);
        var visitId = (await requested.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        // Match: the province ranks candidates and takes the suggested slot.
        var candidates = await province.GetFromJsonAsync<JsonElement>($"/api/v1/visit-requests/{visitId}/candidates");
        var best = candidates.EnumerateArray().Single(c => c.GetProperty("expertId").GetGuid() == expertId);
        Assert.Equal(100, best.GetProperty("score").GetInt32());
        Assert.Equal(100, candidates[0].GetProperty("score").GetInt32());
        Assert.NotEmpty(best.GetProperty("reasons").EnumerateArray());
        var slot = best.GetProperty("suggestedSlot");
        var start = slot.GetProperty("start").GetDateTimeOffset();
        var end = slot.GetProperty("end").GetDateTimeOffset();
        Assert.Equal(day, start);

        // Assign, and the same slot cannot be given twice.
        var proposed = await province.PostAsJsonAsync($"/api/v1/visit-requests/{visitId}/assignment", new { expertId, start, end });
        Assert.Equal(HttpStatusCode.OK, proposed.StatusCode);
        Assert.Equal("proposed", (await proposed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var other = await school.PostAsJsonAsync("/api/v1/visit-requests", new
        {
            school = new { name = "沧源县第二小学", province = Province, rural = true },
            kind = "elective-course",
            topic = "physics",
            grades = new[] { "grade-6" },
            audienceSize = 40,
            preferredWindows = new[] { new { start = day, end = day.AddHours(2) } },
            durationMinutes = 60,
        });
        var otherId = (await other.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var doubleBooked = await province.PostAsJsonAsync($"/api/v1/visit-requests/{otherId}/assignment", new { expertId, start, end = start.AddHours(1) });
        Assert.Equal(HttpStatusCode.Conflict, doubleBooked.StatusCode);
        Assert.Equal("application/problem+json", doubleBooked.Content.Headers.ContentType?.MediaType);
        Assert.Equal("double_booked", (await doubleBooked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        // The expert accepts, then the visit is delivered.
        var accepted = await expert.PostAsJsonAsync($"/api/v1/visit-requests/{visitId}/acceptance", new { accept = true, reason = "乐意前往" });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("confirmed", (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var schedule = await expert.GetFromJsonAsync<JsonElement>($"/api/v1/experts/{expertId}/schedule");
        Assert.Equal(visitId, schedule.GetProperty("visits")[0].GetProperty("visitRequestId").GetGuid());

        var delivered = await expert.PostAsJsonAsync($"/api/v1/visit-requests/{visitId}/delivery",
            new { deliveredAt = DateTimeOffset.UtcNow.AddMinutes(-5), audienceCount = 176, durationMinutes = 100 });
        Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);
        Assert.Equal("delivered", (await delivered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        // The school gives feedback; the hours are logged.
        var feedback = await school.PostAsJsonAsync($"/api/v1/visit-requests/{visitId}/feedback", new { rating = 5, comment = "孩子们收获很大" });
        Assert.Equal(HttpStatusCode.OK, feedback.StatusCode);
        var hours = await centre.GetFromJsonAsync<JsonElement>($"/api/v1/experts/{expertId}/hours");
        Assert.Equal(expertId, hours.GetProperty("expertId").GetGuid());
        Assert.Equal(1, hours.GetProperty("visits").GetInt32());
        Assert.Equal(100, hours.GetProperty("minutes").GetInt32());
        Assert.Equal(1.67, hours.GetProperty("hours").GetDouble());

        var history = await school.GetFromJsonAsync<JsonElement>($"/api/v1/visit-requests/{visitId}/history");
        Assert.Equal(["visit-requested", "visit-assigned", "visit-accepted", "visit-delivered", "visit-feedback-given"],
            history.EnumerateArray().Select(e => e.GetProperty("type").GetString()));
    }
}
