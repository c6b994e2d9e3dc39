using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Xunit;

namespace Kechuang.EndToEnd.Tests;

/// <summary>
/// Through the gateway with partner API keys: a call is opened, a pilot unit (附件1) and a pilot
/// city (附件2) apply, upload their sealed forms, submit, are recommended by their provinces and
/// designated by the national centre, and appear in the public pilot list.
/// </summary>
public sealed class ApplicationsJourneyTests(SystemFixture system)
{
    private static readonly byte[] SealedForm = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n");

    [Fact]
    public async Task A_pilot_unit_and_a_pilot_city_go_from_call_to_designation()
    {
        var centre = await system.ClientAsync("centre");
        var organization = Guid.NewGuid();
        var unit = await system.ClientAsync("unit", organizationId: organization);
        var beijing = await system.ClientAsync("province", province: "北京市");
        var guangdong = await system.ClientAsync("province", province: "广东省");

        var opened = await centre.PostAsJsonAsync("/api/v1/calls", new
        {
            title = "2022年“科创筑梦”助力“双减”科普行动试点申报",
            year = 2022,
            kinds = new[] { "pilot-unit", "pilot-city" },
            opensAt = DateTimeOffset.UtcNow.AddDays(-1),
            deadline = DateTimeOffset.UtcNow.AddDays(30),
            cityQuotaPerProvince = 5,
        });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var callId = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var unitApplication = await ApplyAsync(unit, new
        {
            callId,
            kind = "pilot-unit",
            applicant = new
            {
                name = $"北京市东城区实验小学{Guid.NewGuid():N}"[..20],
                type = "primary-school",
                province = "北京市",
                city = "北京市",
                county = "东城区",
                address = "北京市东城区东四北大街1号",
                contactName = "张老师",
                phone = "010-68518519",
                email = "school@example.cn",
            },
            trackRecord = "2018年至2021年，学校开展科学调查体验、机器人和航天主题活动。",
            workPlan = "开设科技选修课，组织科学家进校园科普报告。",
        });
        var cityApplication = await ApplyAsync(guangdong, new
        {
            callId,
            kind = "pilot-city",
            applicant = new
            {
                name = "佛山市科学技术协会",
                type = "city-association",
                province = "广东省",
                city = "佛山市",
                address = "广东省佛山市禅城区科协大楼",
                contactName = "陈主任",
                phone = "13900139000",
                email = "city@example.cn",
            },
            trackRecord = "全市建成科普教育基地30个，青少年科技创新大赛参与学生两万人。",
            workPlan = "统筹全市课后服务科技教育资源。",
        });

        await SubmitAsync(unit, unitApplication);
        await SubmitAsync(guangdong, cityApplication);

        var elsewhere = await guangdong.PostAsJsonAsync($"/api/v1/applications/{unitApplication}/recommendation",
            new { decision = "recommend", comment = "同意推荐" });
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);

        await DecideAsync(beijing, unitApplication, "recommendation", new { decision = "recommend", comment = "同意推荐" }, "recommended");
        await DecideAsync(guangdong, cityApplication, "recommendation", new { decision = "recommend", comment = "同意推荐" }, "recommended");

        var review = await centre.PostAsJsonAsync($"/api/v1/applications/{unitApplication}/reviews", new { score = 92, comment = "基础扎实" });
        Assert.Equal(HttpStatusCode.Created, review.StatusCode);

        var unitPilot = await DecideAsync(centre, unitApplication, "designation", new { decision = "designate", comment = "同意命名" }, "designated");
        var cityPilot = await DecideAsync(centre, cityApplication, "designation", new { decision = "designate", comment = "同意命名" }, "designated");

        var pilots = await system.Gateway.GetAsync("/api/v1/pilots?year=2022&pageSize=200");
        Assert.Equal(HttpStatusCode.OK, pilots.StatusCode);
        var items = (await pilots.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray().ToList();
        var listedUnit = Assert.Single(items, p => p.GetProperty("id").GetGuid() == unitPilot.GetProperty("pilotId").GetGuid());
        Assert.Equal("pilot-unit", listedUnit.GetProperty("kind").GetString());
        var listedCity = Assert.Single(items, p => p.GetProperty("id").GetGuid() == cityPilot.GetProperty("pilotId").GetGuid());
        Assert.Equal(("pilot-city", "广东省", "佛山市"),
            (listedCity.GetProperty("kind").GetString(), listedCity.GetProperty("province").GetString(), listedCity.GetProperty("city").GetString()));

        var history = await unit.GetFromJsonAsync<JsonElement>($"/api/v1/applications/{unitApplication}/history");
        Assert.Equal(
            ["application-drafted", "seal-scan-uploaded", "application-submitted", "application-recommended", "application-reviewed", "application-designated"],
            history.EnumerateArray().Select(s => s.GetProperty("type").GetString()));
        Assert.Equal("province", history[3].GetProperty("by").GetProperty("role").GetString());
        Assert.Equal("centre", history[5].GetProperty("by").GetProperty("role").GetString());
    }

    private static async Task<Guid> ApplyAsync(HttpClient client, object form)
    {
        var drafted = await client.PostAsJsonAsync("/api/v1/applications", form);
        Assert.Equal(HttpStatusCode.Created, drafted.StatusCode);
        var body = await drafted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("draft", body.GetProperty("status").GetString());
        return body.GetProperty("id").GetGuid();
    }

    private static async Task SubmitAsync(HttpClient client, Guid id)
    {
        var scan = new ByteArrayContent(SealedForm);
        scan.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        var uploaded = await client.PutAsync($"/api/v1/applications/{id}/seal-scan", scan);
        Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);
        Assert.Equal(64, (await uploaded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sha256").GetString()!.Length);

        var submitted = await client.PostAsJsonAsync($"/api/v1/applications/{id}/submit", new { declaration = true });
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        Assert.Equal("submitted", (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }

    private static async Task<JsonElement> DecideAsync(HttpClient client, Guid id, string action, object decision, string status)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/applications/{id}/{action}", decision);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{action} answered {(int)response.StatusCode}: {body}");
        Assert.Equal(status, body.GetProperty("status").GetString());
        return body;
    }
}
