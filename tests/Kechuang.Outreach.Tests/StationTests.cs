using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Kechuang.TestKit;
using Xunit;
using static Kechuang.Outreach.Tests.Outreach;

namespace Kechuang.Outreach.Tests;

public sealed class StationTests(OutreachFactory service) : IClassFixture<OutreachFactory>
{
    private static object Station(string province = "贵州省", string county = "雷山县", string? name = null) => new
    {
        name = name ?? $"乡村科教服务站 {Guid.NewGuid():N}",
        province,
        city = "黔东南苗族侗族自治州",
        county,
        address = "丹江镇西江村",
        hostOrganization = "雷山县科学技术协会",
    };

    [Fact]
    public async Task A_station_is_set_up_and_read_back_with_its_version_and_history()
    {
        var centre = service.ClientFor(Actors.Centre);
        var created = await centre.PostAsJsonAsync("/api/v1/stations", Station(name: "西江村乡村科教服务站"));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("\"1\"", created.Headers.ETag?.Tag);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/stations/{id}", created.Headers.Location?.ToString());
        Assert.Equal("西江村乡村科教服务站", body.GetProperty("name").GetString());
        Assert.Equal("雷山县科学技术协会", body.GetProperty("hostOrganization").GetString());
        Assert.Equal("active", body.GetProperty("status").GetString());
        Assert.Equal(1, body.GetProperty("version").GetInt64());

        var read = await service.ClientFor(Actors.Reader).GetAsync($"/api/v1/stations/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("\"1\"", read.Headers.ETag?.Tag);
        var history = await centre.GetFromJsonAsync<JsonElement>($"/api/v1/stations/{id}/history");
        Assert.Equal("station-established", Assert.Single(history.EnumerateArray()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Stations_are_listed_by_province_city_and_county()
    {
        var centre = service.ClientFor(Actors.Centre);
        var county = $"县{Guid.NewGuid():N}"[..12];
        var ids = new List<Guid>();
        foreach (var province in new[] { "宁夏回族自治区", "宁夏回族自治区", "青海省" })
        {
            var response = await centre.PostAsJsonAsync("/api/v1/stations", Station(province, county));
            ids.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        }

        var list = await centre.GetFromJsonAsync<JsonElement>($"/api/v1/stations?province=宁夏回族自治区&county={county}");
        Assert.Equal(2, list.GetProperty("total").GetInt64());
        Assert.Equal(ids.Take(2).Order(), list.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("id").GetGuid()).Order());
        Assert.Equal(3, await TotalAsync(centre, $"/api/v1/stations?county={county}&city=黔东南苗族侗族自治州"));
        HasErrors(await ProblemAsync(await centre.GetAsync("/api/v1/stations?province=火星"), HttpStatusCode.BadRequest, "validation_failed"),
            "province");
    }

    [Fact]
    public async Task Bad_input_is_a_400_with_every_field_error_and_nothing_is_stored()
    {
        var centre = service.ClientFor(Actors.Centre);
        var before = await TotalAsync(centre, "/api/v1/stations");

        var response = await centre.PostAsJsonAsync("/api/v1/stations", new { name = "", province = "火星", address = new string('路', 201) });
        HasErrors(await ProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed"),
            "name", "province", "city", "county", "address", "hostOrganization");
        var malformed = await centre.PostAsync("/api/v1/stations", new StringContent("{\"name\": [1, 2", Encoding.UTF8, "application/json"));
        await ProblemAsync(malformed, HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(before, await TotalAsync(centre, "/api/v1/stations"));
    }

    [Fact]
    public async Task A_province_sets_up_and_sees_stations_in_its_own_province_only()
    {
        var guizhou = service.ClientFor(Actors.Province("贵州省"));
        var own = await guizhou.PostAsJsonAsync("/api/v1/stations", Station("贵州省"));
        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
        await ProblemAsync(await guizhou.PostAsJsonAsync("/api/v1/stations", Station("云南省")), HttpStatusCode.Forbidden, "forbidden");
        await ProblemAsync(await service.ClientFor(Actors.Reader).PostAsJsonAsync("/api/v1/stations", Station()), HttpStatusCode.Forbidden, "forbidden");

        var yunnanStation = await service.ClientFor(Actors.Centre).PostAsJsonAsync("/api/v1/stations", Station("云南省"));
        var yunnanId = (await yunnanStation.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await ProblemAsync(await guizhou.GetAsync($"/api/v1/stations/{yunnanId}"), HttpStatusCode.NotFound, "not_found");
        await ProblemAsync(await guizhou.GetAsync($"/api/v1/stations/{yunnanId}/history"), HttpStatusCode.NotFound, "not_found");

        var list = await guizhou.GetFromJsonAsync<JsonElement>("/api/v1/stations?pageSize=200");
        Assert.All(list.GetProperty("items").EnumerateArray(), s => Assert.Equal("贵州省", s.GetProperty("province").GetString()));
        Assert.Equal(0, await TotalAsync(guizhou, "/api/v1/stations?province=云南省"));
    }
}
