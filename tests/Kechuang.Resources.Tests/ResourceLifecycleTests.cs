using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Kechuang.TestKit;
using Xunit;
using static Kechuang.Resources.Tests.Catalogue;

namespace Kechuang.Resources.Tests;

public sealed class ResourceLifecycleTests(ResourcesFactory service) : IClassFixture<ResourcesFactory>
{
    private HttpClient Centre => service.ClientFor(Actors.Centre);

    [Fact]
    public async Task A_resource_is_contributed_reviewed_published_featured_unfeatured_and_archived()
    {
        var unit = Actors.Unit(Guid.NewGuid());
        var created = await service.ClientFor(unit).PostAsJsonAsync("/api/v1/resources", Resource("航天模型制作活动指南"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("\"1\"", created.Headers.ETag?.Tag);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.Id();
        Assert.Equal($"/api/v1/resources/{id}", created.Headers.Location?.ToString());
        Assert.Equal("submitted", body.Status());
        Assert.Equal(1, body.GetProperty("version").GetInt64());

        Assert.Equal("approved", (await ActAsync(Centre, id, "review", new { decision = "approve", comment = "精选" })).Status());
        var published = await ActAsync(Centre, id, "publish");
        Assert.Equal("published", published.Status());
        Assert.True(published.GetProperty("publishedAt").ValueKind == JsonValueKind.String);
        Assert.True((await ActAsync(Centre, id, "feature")).GetProperty("featured").GetBoolean());
        Assert.False((await ActAsync(Centre, id, "unfeature")).GetProperty("featured").GetBoolean());
        var archived = await ActAsync(Centre, id, "archive", new { reason = "内容已过时" });
        Assert.Equal("archived", archived.Status());
        Assert.Equal(6, archived.GetProperty("version").GetInt64());

        var history = await Centre.GetFromJsonAsync<JsonElement>($"/api/v1/resources/{id}/history");
        Assert.Equal(
            ["resource-submitted", "resource-reviewed", "resource-published", "resource-featured", "resource-unfeatured", "resource-archived"],
            history.EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        Assert.Equal(unit.Id, history[0].GetProperty("by").GetProperty("id").GetString());
        Assert.Equal(Actors.Centre.Id, history[2].GetProperty("by").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Publishing_before_approval_and_other_steps_out_of_order_are_409_invalid_state()
    {
        var id = (await ContributeAsync(Centre, Resource())).Id();
        foreach (var action in new[] { "publish", "feature", "unfeature", "archive" })
        {
            var problem = await ActAsync(Centre, id, action, expected: HttpStatusCode.Conflict);
            Assert.Equal("invalid_state", problem.GetProperty("code").GetString());
        }

        await ActAsync(Centre, id, "review", new { decision = "reject", comment = "与主题无关" });
        Assert.Equal("invalid_state", (await ActAsync(Centre, id, "publish", expected: HttpStatusCode.Conflict)).GetProperty("code").GetString());
        Assert.Equal("invalid_state", (await ActAsync(Centre, id, "review", new { decision = "approve" }, HttpStatusCode.Conflict)).GetProperty("code").GetString());

        var published = await PublishedAsync(service, Resource());
        Assert.Equal("invalid_state", (await ActAsync(Centre, published, "publish", expected: HttpStatusCode.Conflict)).GetProperty("code").GetString());
        await ActAsync(Centre, published, "feature");
        Assert.Equal("invalid_state", (await ActAsync(Centre, published, "feature", expected: HttpStatusCode.Conflict)).GetProperty("code").GetString());

        var history = await Centre.GetFromJsonAsync<JsonElement>($"/api/v1/resources/{id}/history");
        Assert.Equal(2, history.GetArrayLength());
    }

    [Fact]
    public async Task A_stale_If_Match_is_412_and_a_current_one_passes()
    {
        var id = (await ContributeAsync(Centre, Resource())).Id();
        await ActAsync(Centre, id, "review", new { decision = "approve" });

        using var stale = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/resources/{id}/publish");
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        var refused = await Centre.SendAsync(stale);
        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        Assert.Equal("precondition_failed", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        using var current = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/resources/{id}/publish");
        current.Headers.IfMatch.Add(new EntityTagHeaderValue("\"2\""));
        var accepted = await Centre.SendAsync(current);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("\"3\"", accepted.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task A_contributor_revises_after_changes_are_requested_and_the_resource_returns_to_review()
    {
        var unit = Actors.Unit(Guid.NewGuid());
        var contributor = service.ClientFor(unit);
        var id = (await ContributeAsync(contributor, Resource("显微摄影入门"))).Id();
        var requested = await ActAsync(Centre, id, "review", new { decision = "request-changes", comment = "请补充安全提示" });
        Assert.Equal("changes-requested", requested.Status());
        Assert.Equal("请补充安全提示", requested.GetProperty("lastReview").GetProperty("comment").GetString());

        var revised = await contributor.PutAsJsonAsync($"/api/v1/resources/{id}", Resource("显微摄影入门（含安全提示）"));
        Assert.Equal(HttpStatusCode.OK, revised.StatusCode);
        var body = await revised.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("submitted", body.Status());
        Assert.Equal("显微摄影入门（含安全提示）", body.GetProperty("title").GetString());

        var stranger = await service.ClientFor(Actors.Unit(Guid.NewGuid())).PutAsJsonAsync($"/api/v1/resources/{id}", Resource("改标题"));
        Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);

        await ActAsync(Centre, id, "review", new { decision = "approve" });
        var late = await contributor.PutAsJsonAsync($"/api/v1/resources/{id}", Resource("再改"));
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal("invalid_state", (await late.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal("显微摄影入门（含安全提示）", (await Centre.GetFromJsonAsync<JsonElement>($"/api/v1/resources/{id}")).GetProperty("title").GetString());
    }

    [Fact]
    public async Task An_unpublished_resource_is_a_404_to_everyone_but_its_contributor_and_the_centre()
    {
        var unit = Actors.Unit(Guid.NewGuid());
        var id = (await ContributeAsync(service.ClientFor(unit), Resource())).Id();

        Assert.Equal(HttpStatusCode.OK, (await service.ClientFor(unit).GetAsync($"/api/v1/resources/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Centre.GetAsync($"/api/v1/resources/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await service.ClientFor(Actors.Reader).GetAsync($"/api/v1/resources/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await service.ClientFor(Actors.Reader).GetAsync($"/api/v1/resources/{id}/history")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Centre.GetAsync($"/api/v1/resources/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task Only_contributors_contribute_and_only_the_centre_curates()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await service.ClientFor(Actors.Reader).PostAsJsonAsync("/api/v1/resources", Resource())).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await service.ClientFor(null).GetAsync("/api/v1/resources")).StatusCode);

        var unit = service.ClientFor(Actors.Unit(Guid.NewGuid()));
        var id = (await ContributeAsync(unit, Resource())).Id();
        foreach (var action in new[] { "review", "publish", "feature", "unfeature", "archive" })
        {
            var response = await unit.PostAsJsonAsync($"/api/v1/resources/{id}/{action}", new { decision = "approve" });
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("forbidden", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }
    }

    [Fact]
    public async Task Bad_input_is_a_400_with_every_field_error_and_nothing_is_stored()
    {
        var unit = Actors.Unit(Guid.NewGuid());
        var client = service.ClientFor(unit);
        var response = await client.PostAsJsonAsync("/api/v1/resources", new
        {
            title = "",
            summary = new string('科', 1001),
            topics = new[] { "robotics", "astrology" },
            grades = Array.Empty<string>(),
            provider = "青辅协",
            license = "",
            url = "ftp://example.org/x",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "title", "summary", "kind", "topics[1]", "grades", "format", "license", "url" })
            Assert.True(errors.TryGetProperty(field, out _), $"an error for {field}: {errors}");
        Assert.Equal(0, await MineAsync(client));

        var noContent = await client.PostAsJsonAsync("/api/v1/resources", WithoutUrl(Resource()));
        Assert.Equal(HttpStatusCode.BadRequest, noContent.StatusCode);
        Assert.Equal(0, await MineAsync(client));
    }

    [Theory]
    [InlineData("{\"title\": \"x\", ")]
    [InlineData("{\"title\": \"机器人\", \"summary\": \"s\", \"kind\": \"podcast\", \"topics\": [\"robotics\"], \"grades\": [\"grade-1\"], \"format\": \"online\", \"provider\": \"p\", \"license\": \"l\", \"url\": \"https://x.org\"}")]
    [InlineData("{\"title\": \"机器人\", \"summary\": \"s\", \"kind\": \"video\", \"topics\": [\"robotics\"], \"grades\": [\"grade-1\"], \"format\": \"holographic\", \"provider\": \"p\", \"license\": \"l\", \"url\": \"https://x.org\"}")]
    public async Task Malformed_json_or_an_unknown_enum_is_a_400_problem(string json)
    {
        var response = await Centre.PostAsync("/api/v1/resources", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("validation_failed", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_rejection_or_a_request_for_changes_needs_a_comment_and_a_bad_review_changes_nothing()
    {
        var id = (await ContributeAsync(Centre, Resource())).Id();
        var silent = await ActAsync(Centre, id, "review", new { decision = "reject" }, HttpStatusCode.BadRequest);
        Assert.True(silent.GetProperty("errors").TryGetProperty("comment", out _));
        var unknown = await Centre.PostAsync($"/api/v1/resources/{id}/review",
            new StringContent("{\"decision\": \"maybe\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("submitted", (await Centre.GetFromJsonAsync<JsonElement>($"/api/v1/resources/{id}")).Status());
    }

    [Fact]
    public async Task Submissions_and_publications_are_counted_on_the_Kechuang_Resources_meter()
    {
        using var counts = new OwnMeasurements(ResourcesMetrics.Name);

        await PublishedAsync(service, Resource());

        // Exactly this test's one resource, whatever the test classes running in parallel count meanwhile.
        Assert.Equal(1, counts.Of("kechuang.resources.submitted"));
        Assert.Equal(1, counts.Of("kechuang.resources.published"));
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_every_route_of_the_contract()
    {
        var document = await service.ClientFor(null).GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths");
        foreach (var path in new[]
                 {
                     "/api/v1/resources", "/api/v1/resources/{id}", "/api/v1/resources/{id}/review", "/api/v1/resources/{id}/publish",
                     "/api/v1/resources/{id}/feature", "/api/v1/resources/{id}/unfeature", "/api/v1/resources/{id}/archive",
                     "/api/v1/resources/{id}/history", "/api/v1/packages", "/api/v1/packages/{id}", "/api/v1/packages/{id}/publish",
                     "/api/v1/subscriptions", "/api/v1/deliveries", "/api/v1/case-collections/{year}",
                 })
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is described");
    }

    private static object WithoutUrl(object resource)
    {
        var json = JsonSerializer.SerializeToNode(resource)!.AsObject();
        json.Remove("url");
        return json;
    }

    /// <summary>How many resources the caller contributed that await review.</summary>
    private static async Task<long> MineAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/v1/resources?status=submitted")).GetProperty("total").GetInt64();
}
