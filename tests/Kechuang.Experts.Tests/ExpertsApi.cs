using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.TestKit;
using Xunit;

namespace Kechuang.Experts.Tests;

/// <summary>The experts API as the tests call it: valid bodies and the common steps of a journey.</summary>
public sealed class ExpertsApi(ExpertsFactory service)
{
    public HttpClient Centre { get; } = service.ClientFor(Actors.Centre);

    /// <summary>The first day of the month after next, 09:00 Beijing time: always in the future, a whole month to book.</summary>
    public DateTimeOffset MonthStart
    {
        get
        {
            var now = service.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8));
            return new DateTimeOffset(now.Year, now.Month, 1, 9, 0, 0, TimeSpan.FromHours(8)).AddMonths(2);
        }
    }

    public static object ExpertBody(
        string name = "李明", string[]? topics = null, string[]? provinces = null, int maxVisitsPerMonth = 8, bool trainer = false,
        string affiliation = "清华大学物理系") => new
    {
        name,
        affiliation,
        title = "教授",
        category = "university-teacher",
        disciplines = new[] { "物理学" },
        topics = topics ?? ["physics"],
        provinces = provinces ?? ["北京市"],
        phone = "13800138000",
        email = "liming@example.edu.cn",
        bio = "长期从事青少年科普工作。",
        maxVisitsPerMonth,
        trainer,
    };

    public static object VisitBody(
        string province = "北京市", string topic = "physics", IEnumerable<(DateTimeOffset Start, DateTimeOffset End)>? windows = null,
        bool rural = false, int durationMinutes = 90, string school = "海淀区实验小学") => new
    {
        school = new { name = school, province, city = "北京市", county = "海淀区", rural },
        kind = "science-talk",
        topic,
        grades = new[] { "grade-5", "grade-6" },
        audienceSize = 120,
        preferredWindows = (windows ?? []).Select(w => new { start = w.Start, end = w.End }).ToArray(),
        durationMinutes,
        notes = "希望讲解身边的物理现象。",
    };

    public async Task<Guid> RegisterAsync(object body)
    {
        var response = await Centre.PostAsJsonAsync("/api/v1/experts", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public async Task<Guid> RegisterApprovedAsync(object body)
    {
        var id = await RegisterAsync(body);
        var vetted = await Centre.PostAsJsonAsync($"/api/v1/experts/{id}/vetting", new { decision = "approve", comment = "资质齐全" });
        Assert.Equal(HttpStatusCode.OK, vetted.StatusCode);
        return id;
    }

    public async Task SetAvailabilityAsync(Guid expertId, params (DateTimeOffset Start, DateTimeOffset End)[] slots)
    {
        var response = await service.ClientFor(Actors.Expert(expertId)).PutAsJsonAsync($"/api/v1/experts/{expertId}/availability",
            new { slots = slots.Select(s => new { start = s.Start, end = s.End }).ToArray() });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>A school (with its own organisation) and one open request of it.</summary>
    public async Task<(Guid Id, Actor School)> RequestAsync(object? body = null, Actor? school = null)
    {
        school ??= Actors.School();
        body ??= VisitBody(windows: [(MonthStart, MonthStart.AddHours(4))]);
        var response = await service.ClientFor(school).PostAsJsonAsync("/api/v1/visit-requests", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return ((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(), school);
    }

    public Task<HttpResponseMessage> AssignAsync(Guid visitId, Guid expertId, DateTimeOffset start, DateTimeOffset end, HttpClient? by = null) =>
        (by ?? Centre).PostAsJsonAsync($"/api/v1/visit-requests/{visitId}/assignment", new { expertId, start, end });

    public Task<HttpResponseMessage> RespondAsync(Guid visitId, Guid expertId, bool accept, string? reason = null) =>
        service.ClientFor(Actors.Expert(expertId)).PostAsJsonAsync($"/api/v1/visit-requests/{visitId}/acceptance", new { accept, reason });

    public async Task<JsonElement> VisitAsync(Guid visitId) =>
        await Centre.GetFromJsonAsync<JsonElement>($"/api/v1/visit-requests/{visitId}");

    public async Task<JsonElement> ScheduleAsync(Guid expertId) =>
        await Centre.GetFromJsonAsync<JsonElement>($"/api/v1/experts/{expertId}/schedule");

    /// <summary>Asserts a problem+json with <paramref name="status"/> and <paramref name="code"/>; returns it.</summary>
    public static async Task<JsonElement> AssertProblem(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status} {code}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal(code, problem.GetProperty("code").GetString());
        return problem;
    }
}
