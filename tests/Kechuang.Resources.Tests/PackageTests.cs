using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Kechuang.TestKit;
using Xunit;
using static Kechuang.Resources.Tests.Catalogue;

namespace Kechuang.Resources.Tests;

public sealed class PackageTests(ResourcesFactory service) : IClassFixture<ResourcesFactory>
{
    private HttpClient Centre => service.ClientFor(Actors.Centre);

    private static object Package(params Guid[] resourceIds) => new
    {
        title = "助推\"双减\"科学实践资源包",
        description = "课后服务中可直接使用的科学实践活动。",
        resourceIds,
        audience = "小学高年级学生与科技辅导员",
    };

    [Fact]
    public async Task A_package_of_published_resources_is_drafted_published_and_read_with_its_resources()
    {
        var robots = await PublishedAsync(service, Resource("机器人搭建", topics: ["robotics"], grades: ["grade-5"]));
        var rockets = await PublishedAsync(service, Resource("水火箭发射", topics: ["aerospace"], grades: ["grade-4", "grade-5"]));

        var created = await Centre.PostAsJsonAsync("/api/v1/packages", Package(rockets, robots));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var draft = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = draft.Id();
        Assert.Equal($"/api/v1/packages/{id}", created.Headers.Location?.ToString());
        Assert.Equal("draft", draft.Status());
        Assert.Equal(0, draft.GetProperty("edition").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await service.ClientFor(Actors.Reader).GetAsync($"/api/v1/packages/{id}")).StatusCode);

        var published = await Centre.PostAsync($"/api/v1/packages/{id}/publish", null);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        var body = await published.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("published", body.Status());
        Assert.Equal(1, body.GetProperty("edition").GetInt32());
        Assert.Equal(["aerospace", "robotics"], body.GetProperty("topics").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(["grade-4", "grade-5"], body.GetProperty("grades").EnumerateArray().Select(t => t.GetString()));

        var read = await service.ClientFor(Actors.Reader).GetFromJsonAsync<JsonElement>($"/api/v1/packages/{id}");
        Assert.Equal([rockets, robots], read.GetProperty("resources").EnumerateArray().Select(r => r.Id()));
        Assert.Equal("水火箭发射", read.GetProperty("resources")[0].GetProperty("title").GetString());
        var list = await service.ClientFor(Actors.Reader).GetFromJsonAsync<JsonElement>("/api/v1/packages?pageSize=200");
        Assert.Contains(list.GetProperty("items").EnumerateArray(), p => p.Id() == id);
        var history = await Centre.GetFromJsonAsync<JsonElement>($"/api/v1/packages/{id}/history");
        Assert.Equal(["package-drafted", "package-published"], history.EnumerateArray().Select(e => e.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task Only_published_resources_go_into_a_package_and_unknown_ones_are_a_400()
    {
        var published = await PublishedAsync(service, Resource());
        var approved = (await ContributeAsync(Centre, Resource())).Id();
        await ActAsync(Centre, approved, "review", new { decision = "approve" });
        var before = await TotalAsync();

        var unpublished = await Centre.PostAsJsonAsync("/api/v1/packages", Package(published, approved));
        Assert.Equal(HttpStatusCode.Conflict, unpublished.StatusCode);
        var problem = await unpublished.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("invalid_state", problem.GetProperty("code").GetString());
        Assert.Contains(approved.ToString(), problem.GetProperty("detail").GetString());

        var unknown = await Centre.PostAsJsonAsync("/api/v1/packages", Package(published, Guid.NewGuid()));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.True((await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("resourceIds[1]", out _));
        Assert.Equal(before, await TotalAsync());
    }

    [Fact]
    public async Task Editing_a_published_package_publishes_a_new_edition_and_keeps_the_earlier_one()
    {
        var first = await PublishedAsync(service, Resource("天文观测入门", topics: ["earth-science"]));
        var second = await PublishedAsync(service, Resource("气象站搭建", topics: ["environment"], grades: ["grade-8"]));
        var id = (await (await Centre.PostAsJsonAsync("/api/v1/packages", Package(first))).Content.ReadFromJsonAsync<JsonElement>()).Id();

        var draftEdit = await Centre.PutAsJsonAsync($"/api/v1/packages/{id}", Package(first, second));
        var draft = await draftEdit.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("draft", 0), (draft.Status(), draft.GetProperty("edition").GetInt32()));
        await Centre.PostAsync($"/api/v1/packages/{id}/publish", null);

        var edited = await Centre.PutAsJsonAsync($"/api/v1/packages/{id}", Package(second));
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var body = await edited.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, body.GetProperty("edition").GetInt32());
        var editions = body.GetProperty("editions").EnumerateArray().ToList();
        Assert.Equal([1, 2], editions.Select(e => e.GetProperty("edition").GetInt32()));
        Assert.Equal([first, second], editions[0].GetProperty("resourceIds").EnumerateArray().Select(r => r.GetGuid()));
        Assert.Equal([second], editions[1].GetProperty("resourceIds").EnumerateArray().Select(r => r.GetGuid()));
        Assert.Equal(["environment"], body.GetProperty("topics").EnumerateArray().Select(t => t.GetString()));

        var unchanged = await Centre.PutAsJsonAsync($"/api/v1/packages/{id}", Package(second));
        Assert.Equal(2, (await unchanged.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("edition").GetInt32());
        Assert.Equal(edited.Headers.ETag, unchanged.Headers.ETag);
    }

    [Fact]
    public async Task Publishing_a_published_package_is_409_and_a_stale_If_Match_412()
    {
        var resource = await PublishedAsync(service, Resource());
        var id = (await (await Centre.PostAsJsonAsync("/api/v1/packages", Package(resource))).Content.ReadFromJsonAsync<JsonElement>()).Id();
        await Centre.PutAsJsonAsync($"/api/v1/packages/{id}", Package(resource));

        using var stale = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/packages/{id}/publish");
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await Centre.SendAsync(stale)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await Centre.PostAsync($"/api/v1/packages/{id}/publish", null)).StatusCode);
        var again = await Centre.PostAsync($"/api/v1/packages/{id}/publish", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("invalid_state", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Bad_input_is_a_400_with_every_field_error_only_the_centre_curates_and_nothing_is_stored()
    {
        var resource = await PublishedAsync(service, Resource());
        var before = await TotalAsync();

        var response = await Centre.PostAsJsonAsync("/api/v1/packages", new { title = "", resourceIds = new[] { resource, resource } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "title", "description", "audience", "resourceIds" })
            Assert.True(errors.TryGetProperty(field, out _), $"an error for {field}: {errors}");

        var malformed = await Centre.PostAsync("/api/v1/packages", new StringContent("{\"resourceIds\": [\"not-a-guid\"]}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await service.ClientFor(Actors.School()).PostAsJsonAsync("/api/v1/packages", Package(resource))).StatusCode);
        Assert.Equal(before, await TotalAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await Centre.GetAsync("/api/v1/packages?status=lost")).StatusCode);
    }

    private async Task<long> TotalAsync() =>
        (await Centre.GetFromJsonAsync<JsonElement>("/api/v1/packages")).GetProperty("total").GetInt64();
}
