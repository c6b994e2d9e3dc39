using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kechuang.TestKit;
using Xunit;
using static Kechuang.Outreach.Tests.Outreach;

namespace Kechuang.Outreach.Tests;

/// <summary>A list shows each record at the version its ETag carries: its stream's, one per event.</summary>
public sealed class VersionTests(OutreachFactory service) : IClassFixture<OutreachFactory>
{
    private readonly HttpClient _centre = service.ClientFor(Actors.Centre);

    [Fact]
    public async Task A_campaign_with_two_activities_is_at_version_3_in_its_ETag_and_in_the_list()
    {
        var today = Today(service);
        var campaign = await LaunchAsync(_centre, Campaign(today));
        foreach (var school in new[] { "勐海县第一小学", "勐海县第二小学" })
            Assert.Equal(HttpStatusCode.Created, (await _centre.PostAsJsonAsync($"/api/v1/campaigns/{campaign}/activities",
                Activity(today, schoolName: school))).StatusCode);

        Assert.Equal(3, await _centre.ETagVersionAsync($"/api/v1/campaigns/{campaign}"));
        Assert.Equal(3, await _centre.ListedVersionAsync("/api/v1/campaigns?province=云南省&pageSize=200", campaign));
    }

    [Fact]
    public async Task A_station_is_at_version_1_in_its_ETag_and_in_the_list()
    {
        var created = await _centre.PostAsJsonAsync("/api/v1/stations", new
        {
            name = $"乡村科教服务站 {Guid.NewGuid():N}", province = "贵州省", city = "黔东南苗族侗族自治州", county = "雷山县",
            address = "丹江镇西江村", hostOrganization = "雷山县科学技术协会",
        });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        Assert.Equal(1, await _centre.ETagVersionAsync($"/api/v1/stations/{id}"));
        Assert.Equal(1, await _centre.ListedVersionAsync("/api/v1/stations?province=贵州省&pageSize=200", id));
    }

    [Fact]
    public async Task A_page_of_campaigns_with_their_versions_is_two_SQL_statements_the_count_and_the_page()
    {
        var today = Today(service);
        for (var i = 0; i < 3; i++) await LaunchAsync(_centre, Campaign(today));
        using var sql = new SqlStatements();

        var (response, statements) = await sql.GetAsync(_centre, "/api/v1/campaigns?pageSize=200");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").GetArrayLength() >= 3);
        Assert.Equal(2, statements);
    }
}
