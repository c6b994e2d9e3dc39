using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kechuang.TestKit;
using Xunit;

namespace Kechuang.Applications.Tests;

/// <summary>每省推荐不超过5个试点城市: exact under concurrent recommendations.</summary>
public sealed class CityQuotaTests(ApplicationsFactory service) : IClassFixture<ApplicationsFactory>
{
    private static readonly string[] Cities =
        ["广州市", "深圳市", "珠海市", "汕头市", "佛山市", "韶关市", "湛江市", "肇庆市", "江门市", "茂名市",
         "惠州市", "梅州市", "汕尾市", "河源市", "阳江市", "清远市", "东莞市", "中山市", "潮州市", "揭阳市"];

    private async Task<Guid[]> SubmittedCitiesAsync(Guid call, int count, string province = "广东省")
    {
        var client = service.ClientFor(Actors.Province(province));
        var ids = new Guid[count];
        for (var i = 0; i < count; i++) ids[i] = await client.SubmittedAsync(Api.CityForm(call, Cities[i], province));
        return ids;
    }

    private static async Task<(HttpStatusCode Status, string? Code)> Outcome(HttpResponseMessage response)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (response.StatusCode, response.IsSuccessStatusCode ? body.GetProperty("status").GetString() : body.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Twenty_parallel_recommendations_of_twenty_cities_recommend_exactly_five()
    {
        var call = await service.OpenCallAsync();
        var cities = await SubmittedCitiesAsync(call, 20);

        var outcomes = await Task.WhenAll(cities.Select(async id =>
            await Outcome(await service.ClientFor(Actors.Province("广东省")).RecommendAsync(id))));

        Assert.Equal(5, outcomes.Count(o => o == (HttpStatusCode.OK, "recommended")));
        Assert.Equal(15, outcomes.Count(o => o == (HttpStatusCode.Conflict, "quota_exceeded")));
        var recommended = await service.ClientFor(Actors.Centre)
            .ReadAsync($"/api/v1/applications?callId={call}&status=recommended&kind=pilot-city");
        Assert.Equal(5, recommended.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Twenty_parallel_recommendations_of_ten_cities_recommend_exactly_five_and_never_conflict()
    {
        var call = await service.OpenCallAsync();
        var cities = await SubmittedCitiesAsync(call, 10);

        // Each city is recommended twice at once (two staff members of the province, say).
        var outcomes = await Task.WhenAll(cities.Concat(cities).Select(async id =>
            (Id: id, Outcome: await Outcome(await service.ClientFor(Actors.Province("广东省")).RecommendAsync(id)))));

        Assert.Equal(5, outcomes.Count(o => o.Outcome == (HttpStatusCode.OK, "recommended")));
        Assert.All(outcomes.Where(o => o.Outcome.Status != HttpStatusCode.OK), o =>
        {
            Assert.Equal(HttpStatusCode.Conflict, o.Outcome.Status);
            // A city recommended by the other request is already recommended (invalid_state);
            // every other refusal is the quota. Never a concurrency conflict, never a 500.
            Assert.Contains(o.Outcome.Code, new[] { "quota_exceeded", "invalid_state" });
        });
        var recommendedIds = outcomes.Where(o => o.Outcome.Status == HttpStatusCode.OK).Select(o => o.Id).ToHashSet();
        Assert.Equal(5, recommendedIds.Count);
        Assert.All(outcomes.Where(o => !recommendedIds.Contains(o.Id)),
            o => Assert.Equal((HttpStatusCode.Conflict, "quota_exceeded"), o.Outcome));
        Assert.All(outcomes.Where(o => o.Outcome.Code == "invalid_state"), o => Assert.Contains(o.Id, recommendedIds));
        Assert.Equal(5, (await service.ClientFor(Actors.Centre)
            .ReadAsync($"/api/v1/applications?callId={call}&status=recommended")).GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Sixth_city_recommendation_in_a_province_is_refused_but_other_provinces_and_units_are_not_limited()
    {
        var call = await service.OpenCallAsync(quota: 5);
        var cities = await SubmittedCitiesAsync(call, 6);
        var guangdong = service.ClientFor(Actors.Province("广东省"));
        foreach (var id in cities[..5]) Assert.Equal(HttpStatusCode.OK, (await guangdong.RecommendAsync(id)).StatusCode);
        await (await guangdong.RecommendAsync(cities[5])).AssertProblemAsync(HttpStatusCode.Conflict, "quota_exceeded");

        // The refused city can still be returned or not recommended.
        Assert.Equal("not-recommended", await (await guangdong.RecommendAsync(cities[5], "not-recommend", "名额已满")).StatusAsync());

        var guangxi = await SubmittedCitiesAsync(call, 1, "广西壮族自治区");
        Assert.Equal(HttpStatusCode.OK, (await service.ClientFor(Actors.Province("广西壮族自治区")).RecommendAsync(guangxi[0])).StatusCode);

        var unit = service.ClientFor(Actors.Unit(Guid.NewGuid()));
        var units = new List<Guid>();
        for (var i = 0; i < 6; i++) units.Add(await unit.SubmittedAsync(Api.UnitForm(call, name: $"广东省第{i + 1}中学", province: "广东省")));
        foreach (var id in units) Assert.Equal(HttpStatusCode.OK, (await guangdong.RecommendAsync(id)).StatusCode);
    }

    [Fact]
    public async Task A_call_with_a_smaller_quota_stops_there()
    {
        var call = await service.OpenCallAsync(quota: 2);
        var cities = await SubmittedCitiesAsync(call, 3);
        var guangdong = service.ClientFor(Actors.Province("广东省"));
        Assert.Equal(HttpStatusCode.OK, (await guangdong.RecommendAsync(cities[0])).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await guangdong.RecommendAsync(cities[1])).StatusCode);
        await (await guangdong.RecommendAsync(cities[2])).AssertProblemAsync(HttpStatusCode.Conflict, "quota_exceeded");
    }
}
