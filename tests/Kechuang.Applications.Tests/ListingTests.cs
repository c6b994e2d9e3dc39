using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Kechuang.TestKit;
using Xunit;

namespace Kechuang.Applications.Tests;

public sealed class ListingTests(ApplicationsFactory service) : IClassFixture<ApplicationsFactory>
{
    private HttpClient Centre => service.ClientFor(Actors.Centre);

    private static IEnumerable<string?> Names(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("applicant").GetProperty("name").GetString());

    [Fact]
    public async Task Applications_are_filtered_by_kind_province_status_and_any_chinese_part_of_the_name()
    {
        var call = await service.OpenCallAsync();
        var unit = service.ClientFor(Actors.Unit(Guid.NewGuid()));
        await unit.DraftIdAsync(Api.UnitForm(call, name: "北京市海淀区中关村第一小学"));
        await unit.SubmittedAsync(Api.UnitForm(call, name: "北京市朝阳区青少年科技馆"));
        await service.ClientFor(Actors.Province("广东省")).DraftIdAsync(Api.CityForm(call, "深圳市"));

        var all = await Centre.ReadAsync($"/api/v1/applications?callId={call}");
        Assert.Equal(3, all.GetProperty("total").GetInt64());
        Assert.Equal((1, 50), (all.GetProperty("page").GetInt32(), all.GetProperty("pageSize").GetInt32()));

        Assert.Equal(["北京市海淀区中关村第一小学"], Names(await Centre.ReadAsync($"/api/v1/applications?callId={call}&q=中关村")));
        Assert.Equal(["北京市朝阳区青少年科技馆"], Names(await Centre.ReadAsync($"/api/v1/applications?callId={call}&q=青少年科技")));
        Assert.Equal(["深圳市科学技术协会"], Names(await Centre.ReadAsync($"/api/v1/applications?callId={call}&kind=pilot-city")));
        Assert.Equal(["北京市朝阳区青少年科技馆"], Names(await Centre.ReadAsync($"/api/v1/applications?callId={call}&status=submitted")));
        Assert.Equal(2, (await Centre.ReadAsync($"/api/v1/applications?callId={call}&province=北京市")).GetProperty("total").GetInt64());
        Assert.Equal(1, (await Centre.ReadAsync($"/api/v1/applications?callId={call}&province=北京市&q=区&status=draft")).GetProperty("total").GetInt64());
        Assert.Equal(0, (await Centre.ReadAsync($"/api/v1/applications?callId={call}&q=%25")).GetProperty("total").GetInt64());
        Assert.Equal(0, (await Centre.ReadAsync($"/api/v1/applications?callId={call}&q=_")).GetProperty("total").GetInt64());
        var second = await Centre.ReadAsync($"/api/v1/applications?callId={call}&pageSize=2&page=2");
        Assert.Equal(1, second.GetProperty("items").GetArrayLength());
        Assert.Equal(3, second.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task The_summary_counts_by_status_region_and_day_within_the_callers_scope()
    {
        var call = await service.OpenCallAsync();
        var unit = service.ClientFor(Actors.Unit(Guid.NewGuid()));
        await unit.DraftIdAsync(Api.UnitForm(call, name: "北京市第二实验小学"));
        await unit.SubmittedAsync(Api.UnitForm(call, name: "北京市第三实验小学"));
        await service.ClientFor(Actors.Province("广东省")).DraftIdAsync(Api.CityForm(call, "广州市"));

        var summary = await Centre.ReadAsync($"/api/v1/applications/summary?callId={call}");
        Assert.Equal(3, summary.GetProperty("total").GetInt32());
        Assert.Equal(2, summary.GetProperty("byStatus").GetProperty("draft").GetInt32());
        Assert.Equal(1, summary.GetProperty("byStatus").GetProperty("submitted").GetInt32());
        var regions = summary.GetProperty("byRegion").EnumerateArray().ToDictionary(r => r.GetProperty("region").GetString()!, r => r.GetProperty("applications").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["北京市"] = 2, ["广东省"] = 1 }, regions);
        var day = Assert.Single(summary.GetProperty("byDay").EnumerateArray());
        Assert.Equal(1, day.GetProperty("submitted").GetInt32());

        // A province counts its own applications, by city.
        var guangdong = await service.ClientFor(Actors.Province("广东省")).ReadAsync($"/api/v1/applications/summary?callId={call}");
        Assert.Equal(1, guangdong.GetProperty("total").GetInt32());
        Assert.Equal("广州市", Assert.Single(guangdong.GetProperty("byRegion").EnumerateArray()).GetProperty("region").GetString());

        await (await Centre.GetAsync("/api/v1/applications/summary?callId=nope")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Theory]
    [InlineData("kind=pilot-town")]
    [InlineData("status=approved")]
    [InlineData("province=火星省")]
    [InlineData("callId=nope")]
    [InlineData("pageSize=500")]
    public async Task A_bad_filter_is_a_400_with_the_field(string query)
    {
        var response = await Centre.GetAsync($"/api/v1/applications?{query}");
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var field = query.Split('=')[0];
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task The_export_is_a_csv_excel_opens_with_chinese_quotes_and_line_breaks_intact()
    {
        var call = await service.OpenCallAsync();
        var unit = service.ClientFor(Actors.Unit(Guid.NewGuid()));
        await unit.DraftIdAsync(Api.UnitForm(call, name: "北京市\"科技\"实验学校, 本部",
            trackRecord: "第一行，2018年开展活动；\n第二行：2021年获奖。", workPlan: "=HYPERLINK(\"http://x\")"));
        await service.ClientFor(Actors.Province("上海市")).DraftIdAsync(Api.UnitForm(call, name: "上海市科技馆", province: "上海市"));

        var response = await Centre.GetAsync($"/api/v1/applications/export?callId={call}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(".csv", response.Content.Headers.ContentDisposition?.FileName ?? response.Content.Headers.ContentDisposition?.FileNameStar);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);

        var records = ParseCsv(text);
        Assert.Equal(3, records.Count);
        Assert.Contains("单位名称 name", records[0]);
        Assert.All(records, r => Assert.Equal(records[0].Count, r.Count));
        var beijing = records.Single(r => r.Contains("北京市\"科技\"实验学校, 本部"));
        Assert.Contains("第一行，2018年开展活动；\n第二行：2021年获奖。", beijing);
        Assert.Contains("'=HYPERLINK(\"http://x\")", beijing);
        Assert.Contains("试点单位", beijing);
        Assert.Contains("草稿", beijing);
        Assert.Contains("13800138000", beijing);
        Assert.EndsWith("\r\n", text);
        Assert.DoesNotContain("\n", text.Replace("\r\n", "").Replace("第一行，2018年开展活动；\n", ""));

        var shanghai = await service.ClientFor(Actors.Province("上海市")).GetAsync($"/api/v1/applications/export?callId={call}");
        var onlyShanghai = ParseCsv(Encoding.UTF8.GetString((await shanghai.Content.ReadAsByteArrayAsync())[3..]));
        Assert.Equal(2, onlyShanghai.Count);
        Assert.Contains("上海市科技馆", onlyShanghai[1]);
    }

    [Fact]
    public async Task The_export_needs_a_known_call_and_is_not_for_units()
    {
        await (await Centre.GetAsync("/api/v1/applications/export")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await Centre.GetAsync($"/api/v1/applications/export?callId={Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        var call = await service.OpenCallAsync();
        await (await service.ClientFor(Actors.Unit(Guid.NewGuid())).GetAsync($"/api/v1/applications/export?callId={call}"))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    /// <summary>RFC 4180 as Excel reads it: quoted fields, doubled quotes, CRLF between records.</summary>
    private static List<List<string>> ParseCsv(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            Assert.Equal('"', text[i]);
            i++;
            while (true)
            {
                if (text[i] == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i += 2; }
                else if (text[i] == '"') { i++; break; }
                else field.Append(text[i++]);
            }
            record.Add(field.ToString());
            field.Clear();
            if (text[i] == ',') { i++; continue; }
            Assert.Equal("\r\n", text.Substring(i, 2));
            i += 2;
            records.Add(record);
            record = [];
        }
        return records;
    }
}
