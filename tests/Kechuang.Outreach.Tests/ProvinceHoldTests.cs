using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.TestKit;
using Xunit;
using static Kechuang.Outreach.Tests.Outreach;

namespace Kechuang.Outreach.Tests;

/// <summary>
/// Issue 14 §3: any key held to a province (not only the province role) sees only that
/// province's campaigns, stations, activities and coverage; national keys see all.
/// </summary>
public sealed class ProvinceHoldTests(OutreachFactory service) : IClassFixture<OutreachFactory>
{
    private static readonly Actor GuangdongReader = new("key-reader-guangdong", "广东伙伴", Roles.Reader, "广东省");

    private static object StationIn(string province) => new
    {
        name = $"乡村科教服务站 {Guid.NewGuid():N}", province, city = "某市", county = "某县", address = "某村", hostOrganization = "某县科协",
    };

    private async Task<Guid> CreatedAsync(HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task<List<Guid>> IdsAsync(HttpClient client, string path) =>
        (await client.GetFromJsonAsync<JsonElement>($"{path}{(path.Contains('?') ? '&' : '?')}pageSize=200")).GetProperty("items")
            .EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();

    private static async Task<List<string>> CoverageProvincesAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/v1/coverage?pageSize=200&level=province")).GetProperty("items")
            .EnumerateArray().Select(r => r.GetProperty("province").GetString()!).ToList();

    [Fact]
    public async Task A_reader_held_to_a_province_sees_none_of_another_provinces_campaigns_stations_activities_or_coverage()
    {
        var today = Today(service);
        var centre = service.ClientFor(Actors.Centre);
        var national = service.ClientFor(Actors.Reader);
        var held = service.ClientFor(GuangdongReader);

        var gansuCampaign = await LaunchAsync(centre, Campaign(today, provinces: ["甘肃省"]));
        var bothCampaign = await LaunchAsync(centre, Campaign(today, provinces: ["甘肃省", "广东省"]));
        var gansuStation = await CreatedAsync(centre, "/api/v1/stations", StationIn("甘肃省"));
        var guangdongStation = await CreatedAsync(centre, "/api/v1/stations", StationIn("广东省"));
        var gansuActivity = await CreatedAsync(centre, $"/api/v1/campaigns/{bothCampaign}/activities",
            Activity(today.AddDays(-1), province: "甘肃省", city: "临夏回族自治州", county: "临夏县", schoolName: "临夏县第一小学"));
        var guangdongActivity = await CreatedAsync(centre, $"/api/v1/campaigns/{bothCampaign}/activities",
            Activity(today.AddDays(-1), province: "广东省", city: "清远市", county: "连山壮族瑶族自治县", schoolName: "连山县第一小学"));

        // National keys see both provinces; coverage is a projection, so wait for it.
        var allCampaigns = await IdsAsync(national, "/api/v1/campaigns");
        Assert.Contains(gansuCampaign, allCampaigns);
        Assert.Contains(bothCampaign, allCampaigns);
        var allStations = await IdsAsync(national, "/api/v1/stations");
        Assert.Contains(gansuStation, allStations);
        Assert.Contains(guangdongStation, allStations);
        Assert.Equal(new[] { gansuActivity, guangdongActivity }.Order(),
            (await IdsAsync(national, $"/api/v1/campaigns/{bothCampaign}/activities")).Order());
        await Eventually.Until(() => CoverageProvincesAsync(national), p => p.Contains("甘肃省") && p.Contains("广东省"),
            because: "both provinces' activities and stations reach coverage");

        var campaigns = await IdsAsync(held, "/api/v1/campaigns");
        Assert.Contains(bothCampaign, campaigns);
        Assert.DoesNotContain(gansuCampaign, campaigns);
        var stations = await IdsAsync(held, "/api/v1/stations");
        Assert.Contains(guangdongStation, stations);
        Assert.DoesNotContain(gansuStation, stations);
        Assert.Equal([guangdongActivity], await IdsAsync(held, $"/api/v1/campaigns/{bothCampaign}/activities"));
        Assert.Equal(["广东省"], await CoverageProvincesAsync(held));
        Assert.Empty((await held.GetFromJsonAsync<JsonElement>("/api/v1/coverage?level=county&province=甘肃省")).GetProperty("items").EnumerateArray());

        foreach (var path in new[]
        {
            $"/api/v1/campaigns/{gansuCampaign}", $"/api/v1/campaigns/{gansuCampaign}/history",
            $"/api/v1/stations/{gansuStation}", $"/api/v1/stations/{gansuStation}/history",
            $"/api/v1/campaigns/{bothCampaign}/activities/{gansuActivity}",
        })
        {
            await ProblemAsync(await held.GetAsync(path), HttpStatusCode.NotFound, "not_found");
            Assert.Equal(HttpStatusCode.OK, (await national.GetAsync(path)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await held.GetAsync($"/api/v1/campaigns/{bothCampaign}/activities/{guangdongActivity}")).StatusCode);
    }
}
