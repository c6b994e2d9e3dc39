using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Kechuang.TestKit;
using Xunit;
using static Kechuang.Resources.Tests.Catalogue;

namespace Kechuang.Resources.Tests;

public sealed class CaseCollectionTests(ResourcesFactory service) : IClassFixture<ResourcesFactory>
{
    [Fact]
    public async Task The_collection_holds_the_year_s_published_cases_counted_in_Beijing_time_as_JSON_and_as_a_printable_page()
    {
        // 2031-12-31 17:00 UTC is already 2032-01-01 in Beijing.
        service.Clock.SetUtcNow(new DateTimeOffset(2031, 12, 31, 17, 0, 0, TimeSpan.Zero));
        var newYear = await PublishedAsync(service, Case("<少年>科学家 & \"双减\"案例", "项目一\n项目二"));
        var video = await PublishedAsync(service, Resource("航天科普视频", kind: "video"));
        var pending = (await ContributeAsync(service.ClientFor(Actors.Centre), Case("未审核案例", null))).Id();
        service.Clock.Advance(TimeSpan.FromDays(40));
        var later = await PublishedAsync(service, Case("湿地保护项目式学习", null));

        var reader = service.ClientFor(Actors.Reader);
        var json = await reader.GetFromJsonAsync<JsonElement>("/api/v1/case-collections/2032");
        Assert.Equal("2032年科创项目式学习优秀活动案例集", json.GetProperty("title").GetString());
        Assert.Equal([newYear, later], json.GetProperty("items").EnumerateArray().Select(i => i.Id()));
        Assert.DoesNotContain(json.GetProperty("items").EnumerateArray(), i => i.Id() == video || i.Id() == pending);
        Assert.Equal(0, (await reader.GetFromJsonAsync<JsonElement>("/api/v1/case-collections/2031")).GetProperty("total").GetInt32());

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/case-collections/2032");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        var page = await reader.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", page.Content.Headers.ContentType?.CharSet);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"zh-CN\">", html);
        Assert.Contains("<h1>2032年科创项目式学习优秀活动案例集</h1>", html);
        Assert.Contains("&lt;少年&gt;科学家 &amp; &quot;双减&quot;案例", html);
        Assert.DoesNotContain("<少年>", html);
        Assert.Contains("<p>项目一</p>", html);
        Assert.Contains("小学五年级、小学六年级", html);
        Assert.Contains("机器人", html);
        Assert.Contains("2032年1月1日", html);
        Assert.Contains("@media print", html);
    }

    [Fact]
    public async Task A_browser_gets_the_page_an_API_client_JSON_and_a_year_out_of_range_is_a_400()
    {
        var reader = service.ClientFor(Actors.Reader);
        using var browser = new HttpRequestMessage(HttpMethod.Get, "/api/v1/case-collections/2022");
        browser.Headers.TryAddWithoutValidation("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        Assert.Equal("text/html", (await reader.SendAsync(browser)).Content.Headers.ContentType?.MediaType);

        using var api = new HttpRequestMessage(HttpMethod.Get, "/api/v1/case-collections/2022");
        api.Headers.TryAddWithoutValidation("Accept", "application/json, text/html;q=0.5");
        Assert.Equal("application/json", (await reader.SendAsync(api)).Content.Headers.ContentType?.MediaType);

        var bad = await reader.GetAsync("/api/v1/case-collections/1900");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("year", out _));
    }

    private static object Case(string title, string? body) => new
    {
        title,
        summary = "学生分组完成的科创项目。",
        kind = "case",
        topics = new[] { "robotics", "environment" },
        grades = new[] { "grade-5", "grade-6" },
        format = "blended",
        provider = "北京市某小学",
        license = "CC BY 4.0",
        body,
        url = body is null ? "https://example.org/case" : null,
    };
}
