using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kechuang.TestKit;
using Xunit;

namespace Kechuang.EndToEnd.Tests;

/// <summary>科教资源共建共享 through the gateway, with partner API keys.</summary>
public sealed class ResourcesJourneyTests(SystemFixture system)
{
    [Fact]
    public async Task A_resource_is_contributed_reviewed_published_featured_found_packaged_and_pushed_to_a_subscribed_school()
    {
        var unit = await system.ClientAsync("unit", organizationId: Guid.NewGuid());
        var centre = await system.ClientAsync("centre");
        var schoolOrganization = Guid.NewGuid();
        var school = await system.ClientAsync("school", "贵州省", schoolOrganization);
        var reader = await system.ClientAsync("reader");

        var subscribed = await school.PostAsJsonAsync("/api/v1/subscriptions", new
        {
            school = new { name = "威宁县石门坎小学", province = "贵州省", city = "毕节市", county = "威宁彝族回族苗族自治县", rural = true },
            topics = new[] { "science-imaging" },
            grades = new[] { "grade-9" },
        });
        Assert.Equal(HttpStatusCode.Created, subscribed.StatusCode);

        var contributed = await unit.PostAsJsonAsync("/api/v1/resources", new
        {
            title = "显微摄影探秘：身边的微观世界",
            summary = "用手机和简易显微镜拍摄植物细胞，适合课后服务。",
            kind = "activity-guide",
            topics = new[] { "science-imaging", "biology" },
            grades = new[] { "grade-8", "grade-9" },
            format = "blended",
            provider = "中国科协青少年科技中心",
            license = "CC BY-NC 4.0",
            url = "https://example.org/micro",
        });
        Assert.Equal(HttpStatusCode.Created, contributed.StatusCode);
        var id = (await contributed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var early = await centre.PostAsync($"/api/v1/resources/{id}/publish", null);
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Equal("invalid_state", (await early.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, (await centre.PostAsJsonAsync($"/api/v1/resources/{id}/review", new { decision = "approve", comment = "精选" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await centre.PostAsync($"/api/v1/resources/{id}/publish", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await centre.PostAsync($"/api/v1/resources/{id}/feature", null)).StatusCode);

        var found = await reader.GetFromJsonAsync<JsonElement>("/api/v1/resources?q=微观世界&featured=true&topic=science-imaging");
        Assert.Contains(found.GetProperty("items").EnumerateArray(), r => r.GetProperty("id").GetGuid() == id);
        Assert.True(found.GetProperty("facets").GetProperty("format").GetProperty("blended").GetInt64() >= 1);

        var packaged = await centre.PostAsJsonAsync("/api/v1/packages", new
        {
            title = "助推\"双减\"科学影像资源包",
            description = "课后服务中的科学影像活动。",
            resourceIds = new[] { id },
            audience = "初中学生",
        });
        Assert.Equal(HttpStatusCode.Created, packaged.StatusCode);
        var package = (await packaged.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await centre.PostAsync($"/api/v1/packages/{package}/publish", null)).StatusCode);
        var read = await reader.GetFromJsonAsync<JsonElement>($"/api/v1/packages/{package}");
        Assert.Equal(id, read.GetProperty("resources")[0].GetProperty("id").GetGuid());

        // 送到学校: the school receives the resource and the package, once each.
        var pushed = await Eventually.Until(
            () => school.GetFromJsonAsync<JsonElement>("/api/v1/deliveries"),
            d => d.GetProperty("total").GetInt64() >= 2, TimeSpan.FromSeconds(30), "the resource and the package reach the school");
        var items = pushed.GetProperty("items").EnumerateArray().ToList();
        Assert.Single(items, d => d.GetProperty("resourceId").ValueKind == JsonValueKind.String && d.GetProperty("resourceId").GetGuid() == id
            && d.GetProperty("packageId").ValueKind == JsonValueKind.Null);
        Assert.Single(items, d => d.GetProperty("packageId").ValueKind == JsonValueKind.String && d.GetProperty("packageId").GetGuid() == package);
        Assert.All(items, d => Assert.Equal("online", d.GetProperty("mode").GetString()));

        var offline = await centre.PostAsJsonAsync("/api/v1/deliveries", new
        {
            resourceId = id,
            school = new { name = "赫章县第一中学", province = "贵州省", city = "毕节市", county = "赫章县", rural = true },
            mode = "offline",
            deliveredAt = DateTimeOffset.UtcNow.AddHours(-1),
        });
        Assert.Equal(HttpStatusCode.Created, offline.StatusCode);
        var byProvince = await centre.GetFromJsonAsync<JsonElement>($"/api/v1/deliveries?resourceId={id}&province=贵州省");
        Assert.Equal(2, byProvince.GetProperty("total").GetInt64());
    }
}
