using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kechuang.TestKit;
using Xunit;

namespace Kechuang.Resources.Tests;

/// <summary>Bodies and steps the resources tests share.</summary>
internal static class Catalogue
{
    public static object Resource(
        string title = "智能机器人入门", string summary = "面向小学高年级的机器人搭建与编程活动。", string kind = "activity-guide",
        string[]? topics = null, string[]? grades = null, string format = "online") => new
    {
        title,
        summary,
        kind,
        topics = topics ?? ["robotics"],
        grades = grades ?? ["grade-5", "grade-6"],
        format,
        provider = "中国青少年科技辅导员协会",
        license = "CC BY-NC 4.0",
        url = "https://example.org/resources/robot-101",
    };

    public static async Task<JsonElement> ContributeAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/v1/resources", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<JsonElement> ActAsync(HttpClient client, Guid id, string action, object? body = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/resources/{id}/{action}", body ?? new { });
        Assert.True(expected == response.StatusCode, $"{action}: expected {expected}, got {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Contributed, approved and published by the centre; its id.</summary>
    public static async Task<Guid> PublishedAsync(ResourcesFactory service, object body)
    {
        var centre = service.ClientFor(Actors.Centre);
        var id = (await ContributeAsync(centre, body)).GetProperty("id").GetGuid();
        await ActAsync(centre, id, "review", new { decision = "approve", comment = "内容优质" });
        await ActAsync(centre, id, "publish");
        return id;
    }

    public static Guid Id(this JsonElement e) => e.GetProperty("id").GetGuid();

    public static string Status(this JsonElement e) => e.GetProperty("status").GetString()!;
}
