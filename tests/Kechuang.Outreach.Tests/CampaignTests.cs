using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Kechuang.TestKit;
using Xunit;
using static Kechuang.Outreach.Tests.Outreach;

namespace Kechuang.Outreach.Tests;

public sealed class CampaignTests(OutreachFactory service) : IClassFixture<OutreachFactory>
{
    [Fact]
    public async Task The_centre_launches_a_campaign_and_reads_it_back_with_its_version_and_history()
    {
        var today = Today(service);
        var centre = service.ClientFor(Actors.Centre);
        var created = await centre.PostAsJsonAsync("/api/v1/campaigns",
            Campaign(today, name: "2022年科技支撑乡村振兴公益行动", provinces: ["甘肃省", "青海省"], kind: "revitalisation"));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("\"1\"", created.Headers.ETag?.Tag);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/campaigns/{id}", created.Headers.Location?.ToString());
        Assert.Equal("2022年科技支撑乡村振兴公益行动", body.GetProperty("name").GetString());
        Assert.Equal("revitalisation", body.GetProperty("kind").GetString());
        Assert.Equal(["甘肃省", "青海省"], body.GetProperty("provinces").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(Iso(today.AddDays(-30)), body.GetProperty("startsOn").GetString());
        Assert.Equal(Iso(today.AddDays(60)), body.GetProperty("endsOn").GetString());
        Assert.Equal(50, body.GetProperty("targets").GetProperty("schools").GetInt32());
        Assert.Equal(200, body.GetProperty("targets").GetProperty("teachers").GetInt32());
        Assert.Equal(80, body.GetProperty("targets").GetProperty("activities").GetInt32());
        Assert.Equal("active", body.GetProperty("status").GetString());
        Assert.Equal(1, body.GetProperty("version").GetInt64());

        var read = await service.ClientFor(Actors.Reader).GetAsync($"/api/v1/campaigns/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("\"1\"", read.Headers.ETag?.Tag);

        var history = await centre.GetFromJsonAsync<JsonElement>($"/api/v1/campaigns/{id}/history");
        var step = Assert.Single(history.EnumerateArray());
        Assert.Equal("campaign-launched", step.GetProperty("type").GetString());
        Assert.Equal(Actors.Centre.Id, step.GetProperty("by").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Bad_input_is_a_400_with_every_field_error_and_nothing_is_stored()
    {
        var centre = service.ClientFor(Actors.Centre);
        var before = await TotalAsync(centre, "/api/v1/campaigns");

        var response = await centre.PostAsJsonAsync("/api/v1/campaigns", new
        {
            name = "",
            provinces = new[] { "云南省", "火星", "云南省" },
            startsOn = "2022-06-01",
            endsOn = "2022-05-01",
            targets = new { schools = -1, teachers = 10 },
        });
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        HasErrors(problem, "name", "kind", "provinces[1]", "provinces", "endsOn", "targets.schools", "targets.activities");

        var empty = await centre.PostAsJsonAsync("/api/v1/campaigns", new { name = "乡村行", kind = "rural-tour", provinces = Array.Empty<string>() });
        HasErrors(await ProblemAsync(empty, HttpStatusCode.BadRequest, "validation_failed"), "provinces", "startsOn", "endsOn", "targets");

        Assert.Equal(before, await TotalAsync(centre, "/api/v1/campaigns"));
    }

    [Theory]
    [InlineData("{\"name\": \"乡村行\", ")]
    [InlineData("{\"name\": \"乡村行\", \"kind\": \"city-tour\", \"provinces\": [\"云南省\"], \"startsOn\": \"2022-05-01\", \"endsOn\": \"2022-10-31\", \"targets\": {\"schools\": 1, \"teachers\": 1, \"activities\": 1}}")]
    [InlineData("{\"name\": \"乡村行\", \"kind\": \"rural-tour\", \"provinces\": [\"云南省\"], \"startsOn\": \"2022/05/01\", \"endsOn\": \"2022-10-31\", \"targets\": {\"schools\": 1, \"teachers\": 1, \"activities\": 1}}")]
    [InlineData("{\"name\": \"乡村行\", \"kind\": \"rural-tour\", \"provinces\": [\"云南省\"], \"startsOn\": \"2022-05-01\", \"endsOn\": \"2022-10-31\", \"targets\": {\"schools\": \"many\", \"teachers\": 1, \"activities\": 1}}")]
    public async Task Malformed_json_an_unknown_kind_or_a_date_not_in_YYYY_MM_DD_is_a_400_and_nothing_is_stored(string json)
    {
        var centre = service.ClientFor(Actors.Centre);
        var before = await TotalAsync(centre, "/api/v1/campaigns");
        var response = await centre.PostAsync("/api/v1/campaigns", new StringContent(json, Encoding.UTF8, "application/json"));
        await ProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(before, await TotalAsync(centre, "/api/v1/campaigns"));
    }

    [Fact]
    public async Task Only_the_centre_launches_campaigns()
    {
        var campaign = Campaign(Today(service));
        await ProblemAsync(await service.ClientFor(Actors.Province("云南省")).PostAsJsonAsync("/api/v1/campaigns", campaign),
            HttpStatusCode.Forbidden, "forbidden");
        await ProblemAsync(await service.ClientFor(Actors.Reader).PostAsJsonAsync("/api/v1/campaigns", campaign),
            HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await service.ClientFor(null).PostAsJsonAsync("/api/v1/campaigns", campaign)).StatusCode);
        Assert.Equal(HttpStatusCode.Created,
            (await service.ClientFor(Actors.Admin).PostAsJsonAsync("/api/v1/campaigns", campaign)).StatusCode);
    }

    [Fact]
    public async Task A_province_sees_only_the_campaigns_that_reach_it()
    {
        var today = Today(service);
        var centre = service.ClientFor(Actors.Centre);
        var yunnan = await LaunchAsync(centre, Campaign(today, provinces: ["云南省"]));
        var guangdong = await LaunchAsync(centre, Campaign(today, provinces: ["广东省", "广西壮族自治区"]));

        var province = service.ClientFor(Actors.Province("广东省"));
        var list = await province.GetFromJsonAsync<JsonElement>("/api/v1/campaigns?pageSize=200");
        var ids = list.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()).ToList();
        Assert.Contains(guangdong, ids);
        Assert.DoesNotContain(yunnan, ids);
        Assert.All(list.GetProperty("items").EnumerateArray(),
            c => Assert.Contains("广东省", c.GetProperty("provinces").EnumerateArray().Select(p => p.GetString())));

        await ProblemAsync(await province.GetAsync($"/api/v1/campaigns/{yunnan}"), HttpStatusCode.NotFound, "not_found");
        await ProblemAsync(await province.GetAsync($"/api/v1/campaigns/{yunnan}/history"), HttpStatusCode.NotFound, "not_found");
        await ProblemAsync(await province.GetAsync($"/api/v1/campaigns/{yunnan}/progress"), HttpStatusCode.NotFound, "not_found");
        Assert.Equal(HttpStatusCode.OK, (await province.GetAsync($"/api/v1/campaigns/{guangdong}/progress")).StatusCode);
    }

    [Fact]
    public async Task Campaigns_are_listed_by_kind_province_and_status()
    {
        var today = Today(service);
        var centre = service.ClientFor(Actors.Centre);
        var planned = await LaunchAsync(centre, Campaign(today, provinces: ["西藏自治区"], startsIn: 10, endsIn: 40));
        var active = await LaunchAsync(centre, Campaign(today, provinces: ["西藏自治区"], kind: "revitalisation"));
        var ended = await LaunchAsync(centre, Campaign(today, provinces: ["西藏自治区"], startsIn: -90, endsIn: -1));

        async Task<List<Guid>> Ids(string query) =>
            (await centre.GetFromJsonAsync<JsonElement>($"/api/v1/campaigns?pageSize=200&{query}"))
            .GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()).ToList();

        // Latest start first.
        Assert.Equal([planned, active, ended], await Ids("province=西藏自治区"));
        Assert.Equal([active], await Ids("province=西藏自治区&kind=revitalisation"));
        Assert.Equal([planned], await Ids("province=西藏自治区&status=planned"));
        Assert.Equal([active], await Ids("province=西藏自治区&status=active&kind=revitalisation"));
        Assert.Equal([ended], await Ids("province=西藏自治区&status=ended"));

        var bad = await centre.GetAsync("/api/v1/campaigns?status=paused&kind=city-tour&province=火星&pageSize=0");
        HasErrors(await ProblemAsync(bad, HttpStatusCode.BadRequest, "validation_failed"), "pageSize");
        var badFilters = await centre.GetAsync("/api/v1/campaigns?status=paused&kind=city-tour&province=火星");
        HasErrors(await ProblemAsync(badFilters, HttpStatusCode.BadRequest, "validation_failed"), "status", "kind", "province");
    }

    [Fact]
    public async Task An_unknown_campaign_is_a_404_problem()
    {
        var reader = service.ClientFor(Actors.Reader);
        foreach (var path in new[] { "", "/progress", "/history", "/activities" })
            await ProblemAsync(await reader.GetAsync($"/api/v1/campaigns/{Guid.NewGuid()}{path}"), HttpStatusCode.NotFound, "not_found");
    }
}
