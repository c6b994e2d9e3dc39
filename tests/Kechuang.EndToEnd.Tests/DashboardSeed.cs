using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace Kechuang.EndToEnd.Tests;

/// <summary>Records the dashboard tests act on, made through the API with partner keys as partner systems would.</summary>
public static class DashboardSeed
{
    /// <summary>A 1×1 PNG: the scan of a sealed form, as far as the API's file check goes.</summary>
    public static readonly byte[] SealScanPng = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    public static async Task<Guid> OpenCallAsync(HttpClient centre)
    {
        var opened = await centre.PostAsJsonAsync("/api/v1/calls", new
        {
            title = $"2022年“科创筑梦”助力“双减”科普行动试点申报（{Guid.NewGuid().ToString("N")[..6]}）",
            year = 2022,
            kinds = new[] { "pilot-unit", "pilot-city" },
            opensAt = DateTimeOffset.UtcNow.AddDays(-1),
            deadline = DateTimeOffset.UtcNow.AddDays(30),
            cityQuotaPerProvince = 5,
        });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        return (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>A pilot unit application of <paramref name="province"/>, drafted, sealed and submitted.</summary>
    public static async Task<Guid> SubmittedApplicationAsync(HttpClient applicant, Guid callId, string province, string name, string city = "银川市")
    {
        var drafted = await applicant.PostAsJsonAsync("/api/v1/applications", new
        {
            callId,
            kind = "pilot-unit",
            applicant = new
            {
                name,
                type = "primary-school",
                province,
                city,
                county = "兴庆区",
                address = $"{province}{city}兴庆区解放西街1号",
                contactName = "马老师",
                phone = "13800138000",
                email = "school@example.cn",
            },
            trackRecord = "2018年至2021年，学校开展科学调查体验、机器人和航天主题活动，组织学生参加青少年科技创新大赛。",
            workPlan = "开设科技选修课，邀请科学家进校园开展科普报告，建设校园科技社团。",
        });
        Assert.Equal(HttpStatusCode.Created, drafted.StatusCode);
        var id = (await drafted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var scan = new ByteArrayContent(SealScanPng);
        scan.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        Assert.Equal(HttpStatusCode.OK, (await applicant.PutAsync($"/api/v1/applications/{id}/seal-scan", scan)).StatusCode);
        var submitted = await applicant.PostAsJsonAsync($"/api/v1/applications/{id}/submit", new { declaration = true });
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        return id;
    }
}

/// <summary>A little of everything, so each page of the dashboard has something to show.</summary>
public static class DashboardSample
{
    private static readonly (string Province, string City, string Name)[] Units =
    [
        ("北京市", "北京市", "北京市东城区史家胡同小学"), ("广东省", "深圳市", "深圳市南山区科技实验学校"),
        ("广东省", "广州市", "广州市少年宫"), ("浙江省", "杭州市", "杭州市青少年科技馆"),
        ("四川省", "成都市", "成都市实验小学"), ("云南省", "昆明市", "昆明市第一中学"),
    ];

    public static async Task SeedAsync(SystemFixture system)
    {
        using var centre = await system.ClientAsync("centre");
        var callId = await DashboardSeed.OpenCallAsync(centre);
        var i = 0;
        foreach (var (province, city, name) in Units)
        {
            using var recommender = await system.ClientAsync("province", province);
            var id = await DashboardSeed.SubmittedApplicationAsync(recommender, callId, province, $"{name}{Guid.NewGuid().ToString("N")[..4]}", city);
            if (i++ % 2 == 0) continue;
            await Ok(recommender.PostAsJsonAsync($"/api/v1/applications/{id}/recommendation", new { decision = "recommend", comment = "同意推荐" }));
            if (i % 3 == 0) await Ok(centre.PostAsJsonAsync($"/api/v1/applications/{id}/designation", new { decision = "designate" }));
        }

        foreach (var (expert, topic) in new[] { ("王建国", "robotics"), ("李晓梅", "aerospace") })
            await Created(centre.PostAsJsonAsync("/api/v1/experts", new
            {
                name = expert, affiliation = "中国科学院自动化研究所", title = "研究员", category = "researcher",
                disciplines = new[] { "控制科学" }, topics = new[] { topic }, provinces = new[] { "北京市", "河北省" },
                phone = "13800138001", email = "expert@example.cn", bio = "长期参与青少年科普活动。", maxVisitsPerMonth = 4, trainer = false,
            }));
        using var school = await system.ClientAsync("school", "云南省", organizationId: Guid.NewGuid());
        var day = DateTimeOffset.UtcNow.AddDays(20);
        await Created(school.PostAsJsonAsync("/api/v1/visit-requests", new
        {
            school = new { name = "沧源佤族自治县勐董镇中心小学", province = "云南省", city = "临沧市", county = "沧源佤族自治县", rural = true },
            kind = "science-talk", topic = "aerospace", grades = new[] { "grade-5", "grade-6" }, audienceSize = 180,
            preferredWindows = new[] { new { start = day, end = day.AddHours(4) } }, durationMinutes = 90, notes = "希望介绍中国空间站。",
        }));

        foreach (var title in new[] { "智能机器人入门：从传感器到编程", "显微摄影探秘：身边的微观世界" })
            await Created(centre.PostAsJsonAsync("/api/v1/resources", new
            {
                title, summary = "适合课后服务的科学实践活动。", kind = "activity-guide", topics = new[] { "robotics", "science-imaging" },
                grades = new[] { "grade-4", "grade-5" }, format = "blended", provider = "中国科协青少年科技中心", license = "CC BY-NC 4.0",
                url = "https://example.org/resources/1",
            }));

        var now = DateTimeOffset.UtcNow;
        var course = await Created(centre.PostAsJsonAsync("/api/v1/courses", new
        {
            title = "科技前沿：人工智能与教育", area = "frontier-science", mode = "online", trainerIds = Array.Empty<Guid>(), capacity = 30,
            sessions = new[] { new { start = now.AddDays(10), end = now.AddDays(10).AddHours(2) } }, rural = true, enrolmentDeadline = now.AddDays(9),
        }));
        await Ok(centre.PostAsync($"/api/v1/courses/{course}/publish", null));

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var campaign = await Created(centre.PostAsJsonAsync("/api/v1/campaigns", new
        {
            name = "2022年科技教育活动乡村行（贵州站）", kind = "rural-tour", provinces = new[] { "贵州省" },
            startsOn = today.AddDays(-30).ToString("yyyy-MM-dd"), endsOn = today.AddDays(60).ToString("yyyy-MM-dd"),
            targets = new { schools = 20, teachers = 100, activities = 40 },
        }));
        foreach (var (kind, county, participants) in new[] { ("activity", "雷山县", 120), ("training", "从江县", 18), ("resources", "榕江县", 300) })
            await Created(centre.PostAsJsonAsync($"/api/v1/campaigns/{campaign}/activities", new
            {
                kind, province = "贵州省", city = "黔东南苗族侗族自治州", county, schoolName = $"{county}第一小学",
                date = today.ToString("yyyy-MM-dd"), participants,
            }));
    }

    private static async Task Ok(Task<HttpResponseMessage> call)
    {
        var response = await call;
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<Guid> Created(Task<HttpResponseMessage> call)
    {
        var response = await call;
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }
}
