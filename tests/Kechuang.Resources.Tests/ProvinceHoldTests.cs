using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.TestKit;
using Xunit;
using static Kechuang.Resources.Tests.Catalogue;

namespace Kechuang.Resources.Tests;

/// <summary>
/// Issue 14 §3: any key held to a province (not only the province role) sees only that
/// province's deliveries and subscriptions; contributors are named only to programme staff.
/// </summary>
public sealed class ProvinceHoldTests(ResourcesFactory service) : IClassFixture<ResourcesFactory>
{
    private static readonly Actor GuangdongReader = new("key-reader-guangdong", "广东伙伴", Roles.Reader, "广东省");

    private HttpClient Centre => service.ClientFor(Actors.Centre);

    private async Task<Guid> DeliverAsync(Guid resource, string province)
    {
        var recorded = await Centre.PostAsJsonAsync("/api/v1/deliveries", new
        {
            resourceId = resource,
            school = new { name = $"{province}某小学", province, city = "某市", county = "某县", rural = true },
            mode = "offline",
            deliveredAt = service.Clock.GetUtcNow().AddHours(-1),
        });
        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        return (await recorded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task<List<string>> ProvincesAsync(HttpClient client, Guid resource)
    {
        var list = await client.GetFromJsonAsync<JsonElement>($"/api/v1/deliveries?resourceId={resource}&pageSize=200");
        return list.GetProperty("items").EnumerateArray()
            .Select(d => d.GetProperty("school").GetProperty("province").GetString()!).Order().ToList();
    }

    [Fact]
    public async Task A_reader_held_to_a_province_lists_and_reads_only_that_provinces_deliveries()
    {
        var resource = await PublishedAsync(service, Resource("省界测试资源", topics: ["earth-science"]));
        var gansu = await DeliverAsync(resource, "甘肃省");
        var guangdong = await DeliverAsync(resource, "广东省");

        Assert.Equal(["广东省", "甘肃省"], await ProvincesAsync(service.ClientFor(Actors.Reader), resource));
        Assert.Equal(["广东省", "甘肃省"], await ProvincesAsync(Centre, resource));

        var held = service.ClientFor(GuangdongReader);
        Assert.Equal(["广东省"], await ProvincesAsync(held, resource));
        Assert.Equal(HttpStatusCode.OK, (await held.GetAsync($"/api/v1/deliveries/{guangdong}")).StatusCode);
        foreach (var path in new[] { $"/api/v1/deliveries/{gansu}", $"/api/v1/deliveries/{gansu}/history" })
        {
            var response = await held.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("not_found", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }
        Assert.Equal(HttpStatusCode.OK, (await service.ClientFor(Actors.Reader).GetAsync($"/api/v1/deliveries/{gansu}")).StatusCode);
    }

    [Fact]
    public async Task A_school_key_of_another_province_does_not_see_its_organisations_subscriptions_there()
    {
        var organization = Guid.NewGuid();
        var gansuSchool = service.ClientFor(Actors.School("甘肃省", organization));
        var created = await gansuSchool.PostAsJsonAsync("/api/v1/subscriptions", new
        {
            school = new { name = "临夏某小学", province = "甘肃省", city = "临夏州", county = "临夏县", rural = true },
            topics = new[] { "chemistry" },
            grades = new[] { "grade-3" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await Centre.GetAsync($"/api/v1/subscriptions/{id}")).StatusCode);
        var own = await gansuSchool.GetFromJsonAsync<JsonElement>("/api/v1/subscriptions");
        Assert.Contains(own.GetProperty("items").EnumerateArray(), s => s.GetProperty("id").GetGuid() == id);

        var guangdongSchool = service.ClientFor(Actors.School("广东省", organization));
        var list = await guangdongSchool.GetFromJsonAsync<JsonElement>("/api/v1/subscriptions");
        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), s => s.GetProperty("id").GetGuid() == id);
        Assert.Equal(HttpStatusCode.NotFound, (await guangdongSchool.GetAsync($"/api/v1/subscriptions/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await guangdongSchool.GetAsync($"/api/v1/subscriptions/{id}/history")).StatusCode);
    }

    [Fact]
    public async Task Contributed_by_names_staff_only_to_programme_staff()
    {
        var resource = await PublishedAsync(service, Resource("署名测试资源", topics: ["biology"]));

        var staff = await Centre.GetFromJsonAsync<JsonElement>($"/api/v1/resources/{resource}");
        Assert.Equal(Actors.Centre.Id, staff.GetProperty("contributedBy").GetProperty("id").GetString());
        Assert.Equal(Actors.Centre.Id, staff.GetProperty("lastReview").GetProperty("by").GetProperty("id").GetString());

        var school = await service.ClientFor(Actors.School("广东省")).GetFromJsonAsync<JsonElement>($"/api/v1/resources/{resource}");
        var by = school.GetProperty("contributedBy");
        Assert.Equal("centre", by.GetProperty("role").GetString());
        Assert.False(by.TryGetProperty("id", out _));
        Assert.False(by.TryGetProperty("name", out _));
        Assert.Equal("centre", school.GetProperty("lastReview").GetProperty("by").GetProperty("role").GetString());
        Assert.DoesNotContain(Actors.Centre.Id, school.GetRawText());
    }
}
