using System.Net;
using System.Net.Http.Json;
using Kechuang.TestKit;
using Xunit;

namespace Kechuang.Applications.Tests;

/// <summary>
/// Each decision on an application sent with a stale <c>If-Match</c> is a 412 and changes nothing:
/// the caller acted on a version someone else has since changed.
/// </summary>
public sealed class StaleVersionTests(ApplicationsFactory service) : IClassFixture<ApplicationsFactory>
{
    private readonly HttpClient _unit = service.ClientFor(Actors.Unit(Guid.NewGuid()));
    private readonly HttpClient _province = service.ClientFor(Actors.Province("北京市"));
    private readonly HttpClient _centre = service.ClientFor(Actors.Centre);

    private static HttpRequestMessage Stale(string path, object body, long version)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{version}\"");
        return request;
    }

    private async Task AssertUnchanged(Guid id, string status, long version)
    {
        var application = await _unit.ReadAsync($"/api/v1/applications/{id}");
        Assert.Equal(status, application.GetProperty("status").GetString());
        Assert.Equal(version, application.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task A_stale_If_Match_on_submit_is_a_412_and_the_application_stays_a_draft()
    {
        var id = await _unit.DraftIdAsync(Api.UnitForm(await service.OpenCallAsync()));
        Assert.Equal(HttpStatusCode.OK, (await _unit.UploadAsync(id, Api.Pdf, "application/pdf")).StatusCode);

        var response = await _unit.SendAsync(Stale($"/api/v1/applications/{id}/submit", new { declaration = true }, version: 1));
        await response.AssertProblemAsync(HttpStatusCode.PreconditionFailed, "precondition_failed");
        await AssertUnchanged(id, "draft", 2);
    }

    [Fact]
    public async Task A_stale_If_Match_on_recommendation_is_a_412_and_the_application_stays_submitted()
    {
        var id = await _unit.SubmittedAsync(Api.UnitForm(await service.OpenCallAsync()));

        var response = await _province.SendAsync(Stale($"/api/v1/applications/{id}/recommendation",
            new { decision = "recommend", comment = "同意推荐" }, version: 2));
        await response.AssertProblemAsync(HttpStatusCode.PreconditionFailed, "precondition_failed");
        await AssertUnchanged(id, "submitted", 3);
    }

    [Fact]
    public async Task A_stale_If_Match_on_designation_is_a_412_and_the_application_stays_recommended()
    {
        var id = await _unit.SubmittedAsync(Api.UnitForm(await service.OpenCallAsync()));
        Assert.Equal(HttpStatusCode.OK, (await _province.RecommendAsync(id)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await _centre.PostAsJsonAsync($"/api/v1/applications/{id}/reviews", new { score = 88 })).StatusCode);

        var response = await _centre.SendAsync(Stale($"/api/v1/applications/{id}/designation",
            new { decision = "designate", comment = "经评审，同意命名" }, version: 4));
        await response.AssertProblemAsync(HttpStatusCode.PreconditionFailed, "precondition_failed");
        await AssertUnchanged(id, "recommended", 5);
    }
}
