using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Kechuang.Bench.Dashboard;

/// <summary>
/// A national call with applications from every province (a realistic skew: the busiest provinces
/// apply most), each drafted with full-length narratives, sealed and submitted; about a third
/// recommended and one in ten designated — as partner systems would do it, through the API.
/// </summary>
public static class Seeder
{
    public const string BusiestProvince = "广东省";

    private static readonly string[] Provinces =
    [
        "广东省", "江苏省", "浙江省", "山东省", "北京市", "上海市", "四川省", "湖北省", "河南省", "湖南省", "福建省", "安徽省",
        "河北省", "陕西省", "辽宁省", "重庆市", "天津市", "江西省", "云南省", "广西壮族自治区", "山西省", "贵州省", "吉林省",
        "黑龙江省", "内蒙古自治区", "新疆维吾尔自治区", "甘肃省", "海南省", "宁夏回族自治区", "青海省", "西藏自治区",
    ];

    private static readonly byte[] Scan = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    /// <summary>Fills the system; returns the id of one recommended application (the page measured).</summary>
    public static async Task<Guid> SeedAsync(BenchSystem system, int count)
    {
        using var centre = await system.KeyAsync("centre");
        var call = await centre.PostAsJsonAsync("/api/v1/calls", new
        {
            title = "2022年“科创筑梦”助力“双减”科普行动试点申报", year = 2022, kinds = new[] { "pilot-unit", "pilot-city" },
            opensAt = DateTimeOffset.UtcNow.AddDays(-10), deadline = DateTimeOffset.UtcNow.AddDays(30), cityQuotaPerProvince = 5,
        });
        call.EnsureSuccessStatusCode();
        var callId = (await call.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var keys = new Dictionary<string, HttpClient>();
        foreach (var province in Provinces) keys[province] = await system.KeyAsync("province", province);

        var sample = Guid.Empty;
        var done = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            // Weight by position: the first provinces get the most applications.
            var province = Provinces[(int)(Provinces.Length * Math.Pow(Random.Shared.NextDouble(), 1.8))];
            var client = keys[province];
            var id = await ApplyAsync(client, callId, province, i, ct);
            if (i % 3 == 0)
            {
                await Send(client.PostAsJsonAsync($"/api/v1/applications/{id}/recommendation", new { decision = "recommend", comment = "材料齐全，同意推荐。" }, ct));
                if (i % 9 == 0) await Send(centre.PostAsJsonAsync($"/api/v1/applications/{id}/designation", new { decision = "designate" }, ct));
                else sample = id;
            }
            if (Interlocked.Increment(ref done) % 200 == 0) Console.WriteLine($"  {done} applications");
        });
        foreach (var key in keys.Values) key.Dispose();
        return sample;
    }

    private static async Task<Guid> ApplyAsync(HttpClient client, Guid callId, string province, int i, CancellationToken ct)
    {
        var drafted = await Send(client.PostAsJsonAsync("/api/v1/applications", new
        {
            callId,
            kind = "pilot-unit",
            applicant = new
            {
                name = $"{province[..2]}第{i + 1}实验学校",
                type = i % 4 == 0 ? "science-museum" : "primary-school",
                province,
                city = $"{province[..2]}市",
                county = "城关区",
                address = $"{province}{province[..2]}市城关区科技路{i + 1}号",
                contactName = "张老师",
                phone = "13800138000",
                email = $"school{i}@example.cn",
            },
            trackRecord = string.Concat(Enumerable.Repeat("学校坚持开展青少年科技教育，组织科学调查体验、机器人、航天等主题活动，学生在各级科技创新大赛中获奖。", 6)),
            workPlan = string.Concat(Enumerable.Repeat("开设科技选修课，邀请科学家进校园开展科普报告，建设校园科技社团，开展课后服务科学实践。", 6)),
        }, ct));
        var id = (await drafted.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid();
        var scan = new ByteArrayContent(Scan);
        scan.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        await Send(client.PutAsync($"/api/v1/applications/{id}/seal-scan", scan, ct));
        await Send(client.PostAsJsonAsync($"/api/v1/applications/{id}/submit", new { declaration = true }, ct));
        return id;
    }

    private static async Task<HttpResponseMessage> Send(Task<HttpResponseMessage> call)
    {
        var response = await call;
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return response;
    }
}
