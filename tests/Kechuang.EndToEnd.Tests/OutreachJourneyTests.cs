using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kechuang.TestKit;
using Xunit;

namespace Kechuang.EndToEnd.Tests;

/// <summary>
/// 科技教育活动乡村行 through the gateway with partner keys: the centre launches a campaign, a
/// province sets up a service station and records activities, progress counts them, coverage
/// shows the county, and an operator rebuilds the coverage with the same numbers.
/// </summary>
public sealed class OutreachJourneyTests(SystemFixture system)
{
    private const string Province = "贵州省";

    [Fact]
    public async Task A_rural_campaign_goes_from_launch_to_county_coverage_through_the_gateway()
    {
        var centre = await system.ClientAsync("centre");
        var province = await system.ClientAsync("province", Province);
        var operations = await system.ClientAsync("operator");
        var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime);
        var county = $"雷山县{Guid.NewGuid():N}"[..11];

        // Another province has coverage first, so "a province sees only itself" below can fail.
        var yunnan = await system.ClientAsync("province", "云南省");
        var otherStation = await yunnan.PostAsJsonAsync("/api/v1/stations", new
        {
            name = "曼景村乡村科教服务站", province = "云南省", city = "西双版纳傣族自治州", county = $"勐海县{Guid.NewGuid():N}"[..11],
            address = "勐海镇曼景村", hostOrganization = "勐海县科学技术协会",
        });
        Assert.Equal(HttpStatusCode.Created, otherStation.StatusCode);
        await Eventually.True(async () => (await centre.GetFromJsonAsync<JsonElement>("/api/v1/coverage?level=province&province=云南省"))
            .GetProperty("items").GetArrayLength() == 1, because: "Yunnan has a coverage row the centre sees");

        // The centre launches the campaign.
        var launched = await centre.PostAsJsonAsync("/api/v1/campaigns", new
        {
            name = "2022年科技教育活动乡村行（贵州站）",
            kind = "rural-tour",
            provinces = new[] { Province, "云南省" },
            startsOn = today.AddDays(-30).ToString("yyyy-MM-dd"),
            endsOn = today.AddDays(60).ToString("yyyy-MM-dd"),
            targets = new { schools = 20, teachers = 100, activities = 40 },
        });
        Assert.Equal(HttpStatusCode.Created, launched.StatusCode);
        var campaign = (await launched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/campaigns/{campaign}", launched.Headers.Location?.ToString());
        Assert.Equal("\"1\"", launched.Headers.ETag?.Tag);

        // The province sets up a service station and records activities in its counties.
        var station = await province.PostAsJsonAsync("/api/v1/stations", new
        {
            name = "西江村乡村科教服务站", province = Province, city = "黔东南苗族侗族自治州", county,
            address = "西江镇西江村", hostOrganization = "雷山县科学技术协会",
        });
        Assert.Equal(HttpStatusCode.Created, station.StatusCode);
        var stationId = (await station.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await centre.GetAsync($"/api/v1/stations/{stationId}")).StatusCode);

        foreach (var (kind, school, participants) in new[] { ("resources", "西江小学", 260), ("training", "西江小学", 18), ("activity", "丹江小学", 140) })
        {
            var recorded = await province.PostAsJsonAsync($"/api/v1/campaigns/{campaign}/activities", new
            {
                kind, province = Province, city = "黔东南苗族侗族自治州", county, schoolName = school,
                date = today.ToString("yyyy-MM-dd"), participants,
            });
            Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        }

        var progress = await centre.GetFromJsonAsync<JsonElement>($"/api/v1/campaigns/{campaign}/progress");
        var achieved = progress.GetProperty("achieved");
        Assert.Equal((2, 18, 3), (achieved.GetProperty("schools").GetInt32(), achieved.GetProperty("teachers").GetInt32(),
            achieved.GetProperty("activities").GetInt32()));
        Assert.Equal(20, progress.GetProperty("targets").GetProperty("schools").GetInt32());

        // Coverage shows the county; the province sees only itself.
        async Task<JsonElement?> CountyRow()
        {
            var rows = await province.GetFromJsonAsync<JsonElement>($"/api/v1/coverage?level=county&province={Province}&pageSize=200");
            foreach (var row in rows.GetProperty("items").EnumerateArray())
                if (row.GetProperty("county").GetString() == county) return row;
            return null;
        }
        var covered = await Eventually.Until(CountyRow, r => r is { } row && row.GetProperty("activitiesHeld").GetInt32() == 3 &&
            row.GetProperty("stations").GetInt32() == 1, because: "the campaign's activities and the station reach the coverage");
        Assert.Equal(2, covered!.Value.GetProperty("schoolsReached").GetInt32());
        Assert.Equal(400, covered.Value.GetProperty("studentsReached").GetInt32());
        Assert.Equal(18, covered.Value.GetProperty("teachersTrained").GetInt32());
        Assert.Equal(1, covered.Value.GetProperty("resourcesDelivered").GetInt32());
        var provinceRows = await province.GetFromJsonAsync<JsonElement>("/api/v1/coverage?level=province");
        Assert.Equal(Province, Assert.Single(provinceRows.GetProperty("items").EnumerateArray()).GetProperty("province").GetString());
        var centreRows = await centre.GetFromJsonAsync<JsonElement>("/api/v1/coverage?level=province&pageSize=200");
        Assert.Contains(centreRows.GetProperty("items").EnumerateArray(), r => r.GetProperty("province").GetString() == "云南省");

        // Only an operator rebuilds, and the numbers stay the same.
        Assert.Equal(HttpStatusCode.Forbidden, (await centre.PostAsync("/api/v1/coverage/rebuild", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await operations.PostAsync("/api/v1/coverage/rebuild", null)).StatusCode);
        var rebuilt = await CountyRow();
        Assert.Equal(covered.Value.GetRawText(), rebuilt?.GetRawText());

        // Bad input is a 400 problem with field errors, through the gateway too.
        var bad = await centre.PostAsJsonAsync("/api/v1/campaigns", new { name = "", kind = "city-tour" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        Assert.Equal("validation_failed", (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }
}
