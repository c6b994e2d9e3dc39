using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kechuang.Contracts.Experts;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Kechuang.Training.Tests;

/// <summary>Valid requests and the calls most tests make before the one they are about.</summary>
public static class TrainingApi
{
    private static int _phone;

    public static object Base(string name = "北京科技大学教师培训基地", string province = "北京市") => new
    {
        name,
        kind = "university",
        province,
        city = "北京市",
        address = "海淀区学院路30号",
    };

    /// <summary>A course whose sessions start a week after <paramref name="now"/>; enrolment closes the day before.</summary>
    public static object Course(
        DateTimeOffset now, int capacity = 10, int sessions = 5, Guid[]? trainerIds = null, bool rural = false, Guid? baseId = null,
        int? requiredSessions = null, string title = "人工智能前沿与科学教育", string? province = null) => new
    {
        title,
        province,
        area = "frontier-science",
        mode = baseId is null ? "online" : "offline",
        baseId,
        trainerIds = trainerIds ?? [],
        capacity,
        sessions = Enumerable.Range(0, sessions).Select(i => new { start = now.AddDays(7 + i), end = now.AddDays(7 + i).AddHours(3) }).ToArray(),
        requiredSessions,
        rural,
        enrolmentDeadline = now.AddDays(6),
    };

    /// <summary>A teacher with a phone and e-mail no other test uses.</summary>
    public static object Teacher(string name = "李老师", bool rural = true, string province = "甘肃省", string? phone = null, string? email = null)
    {
        var n = Interlocked.Increment(ref _phone);
        return new
        {
            name,
            school = "定西市安定区巉口中学",
            province,
            city = "定西市",
            county = "安定区",
            rural,
            phone = phone ?? $"139{Random.Shared.Next(1000, 9999)}{n % 10000:D4}",
            email = email ?? $"teacher{Guid.NewGuid():N}@example.cn",
        };
    }

    public static async Task<JsonElement> CreatedAsync(this Task<HttpResponseMessage> request)
    {
        var response = await request;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"expected 201, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    public static async Task<JsonElement> OkAsync(this Task<HttpResponseMessage> request)
    {
        var response = await request;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"expected 200, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    /// <summary>Asserts a problem+json with the status and code; returns it.</summary>
    public static async Task<JsonElement> ProblemAsync(this Task<HttpResponseMessage> request, HttpStatusCode status, string code)
    {
        var response = await request;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(code, problem.GetProperty("code").GetString());
        return problem;
    }

    public static Guid Id(this JsonElement body) => body.GetProperty("id").GetGuid();

    public static string Status(this JsonElement body) => body.GetProperty("status").GetString()!;

    public static async Task<Guid> OpenCourseAsync(this HttpClient centre, object course)
    {
        var id = (await centre.PostAsJsonAsync("/api/v1/courses", course).CreatedAsync()).Id();
        await centre.PostAsync($"/api/v1/courses/{id}/publish", null).OkAsync();
        return id;
    }

    public static Task<HttpResponseMessage> EnrolAsync(this HttpClient client, Guid courseId, object teacher) =>
        client.PostAsJsonAsync($"/api/v1/courses/{courseId}/enrolments", new { teacher });

    public static Task<HttpResponseMessage> AttendAsync(this HttpClient client, Guid enrolmentId, int session, bool present = true) =>
        client.PostAsJsonAsync($"/api/v1/enrolments/{enrolmentId}/attendance", new { session, present });

    /// <summary>Publishes what the Experts service publishes when it vets an expert, on the service's own vhost.</summary>
    public static async Task VetAsync(
        this TrainingFactory service, Guid expertId, bool approved, bool trainer, DateTimeOffset at, string name = "王院士", Guid? messageId = null)
    {
        var message = new ExpertVetted(expertId, name, "中国科学院", approved, trainer, ["artificial-intelligence"], ["北京市"], null, at);
        await service.Services.GetRequiredService<IBus>().Publish(message, c => c.MessageId = messageId ?? Guid.NewGuid());
    }

    public static async Task<bool> InPoolAsync(this HttpClient client, Guid expertId)
    {
        var page = await client.GetFromJsonAsync<JsonElement>("/api/v1/trainers?pageSize=200");
        return page.GetProperty("items").EnumerateArray().Any(t => t.GetProperty("expertId").GetGuid() == expertId);
    }
}
