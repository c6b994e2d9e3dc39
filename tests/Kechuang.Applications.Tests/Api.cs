using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Kechuang.TestKit;
using Xunit;

namespace Kechuang.Applications.Tests;

/// <summary>The steps tests take through the applications API, as a partner system would.</summary>
public static class Api
{
    /// <summary>The smallest file that starts as a PDF does.</summary>
    public static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    /// <summary>An ISO 8601 date-time with an explicit offset (Z or ±hh:mm), as every time in a response is.</summary>
    public const string IsoWithOffset = @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$";

    public static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];

    /// <summary>A call open from a day before the service's clock until <paramref name="deadlineIn"/> after it.</summary>
    public static async Task<Guid> OpenCallAsync(
        this ApplicationsFactory service, TimeSpan? deadlineIn = null, string[]? kinds = null, int? quota = null, TimeSpan? opensIn = null)
    {
        var now = service.Clock.GetUtcNow();
        var response = await service.ClientFor(Actors.Centre).PostAsJsonAsync("/api/v1/calls", new
        {
            title = "科创筑梦试点申报",
            year = 2022,
            kinds = kinds ?? ["pilot-unit", "pilot-city"],
            opensAt = now + (opensIn ?? TimeSpan.FromDays(-1)),
            deadline = now + (deadlineIn ?? TimeSpan.FromDays(30)),
            cityQuotaPerProvince = quota,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public static Dictionary<string, object?> UnitForm(
        Guid callId, string name = "北京市西城区实验小学", string province = "北京市", string? trackRecord = null, string? workPlan = null) => new()
    {
        ["callId"] = callId,
        ["kind"] = "pilot-unit",
        ["applicant"] = new Dictionary<string, object?>
        {
            ["name"] = name,
            ["type"] = "primary-school",
            ["province"] = province,
            ["city"] = "北京市",
            ["county"] = "西城区",
            ["address"] = "北京市西城区复兴门内大街1号",
            ["contactName"] = "王老师",
            ["phone"] = "13800138000",
            ["email"] = "kexie@example.cn",
        },
        ["trackRecord"] = trackRecord ?? "2018年至2021年，学校开展机器人、人工智能和科学调查体验活动，覆盖学生三千人次。",
        ["workPlan"] = workPlan ?? "建设科技社团，开设科技选修课，邀请科学家进校园开展科普报告。",
    };

    public static Dictionary<string, object?> CityForm(Guid callId, string city, string province = "广东省") => new()
    {
        ["callId"] = callId,
        ["kind"] = "pilot-city",
        ["applicant"] = new Dictionary<string, object?>
        {
            ["name"] = $"{city}科学技术协会",
            ["type"] = "city-association",
            ["province"] = province,
            ["city"] = city,
            ["address"] = $"{province}{city}科协大楼",
            ["contactName"] = "李主任",
            ["phone"] = "020-83549000",
            ["email"] = "city@example.cn",
        },
        ["trackRecord"] = $"{city}科协组织青少年科技创新大赛，建设科普教育基地。",
        ["workPlan"] = "统筹全市中小学课后服务科技教育资源，推动“双减”落地。",
    };

    public static async Task<HttpResponseMessage> DraftAsync(this HttpClient client, object form) =>
        await client.PostAsJsonAsync("/api/v1/applications", form);

    public static async Task<Guid> DraftIdAsync(this HttpClient client, object form)
    {
        var response = await client.DraftAsync(form);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public static Task<HttpResponseMessage> UploadAsync(this HttpClient client, Guid id, byte[] content, string contentType)
    {
        var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return client.PutAsync($"/api/v1/applications/{id}/seal-scan", body);
    }

    public static Task<HttpResponseMessage> SubmitAsync(this HttpClient client, Guid id, bool declaration = true) =>
        client.PostAsJsonAsync($"/api/v1/applications/{id}/submit", new { declaration });

    /// <summary>Drafted, sealed and submitted by <paramref name="client"/>.</summary>
    public static async Task<Guid> SubmittedAsync(this HttpClient client, object form)
    {
        var id = await client.DraftIdAsync(form);
        Assert.Equal(HttpStatusCode.OK, (await client.UploadAsync(id, Pdf, "application/pdf")).StatusCode);
        var submitted = await client.SubmitAsync(id);
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        return id;
    }

    public static Task<HttpResponseMessage> RecommendAsync(this HttpClient client, Guid id, string decision = "recommend", string? comment = "同意推荐") =>
        client.PostAsJsonAsync($"/api/v1/applications/{id}/recommendation", new { decision, comment });

    public static async Task<JsonElement> ReadAsync(this HttpClient client, string path) =>
        await client.GetFromJsonAsync<JsonElement>(path);

    public static async Task<string?> CodeAsync(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();

    public static async Task<string?> StatusAsync(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString();

    public static async Task AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status} {code}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, JsonDocument.Parse(body).RootElement.GetProperty("code").GetString());
    }
}
