using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kechuang.TestKit;
using Xunit;

namespace Kechuang.Applications.Tests;

/// <summary>
/// A record's version is its stream's: the ETag after N writes is N, and a list shows each record at
/// the version its ETag carries (the number an If-Match sends back).
/// </summary>
public sealed class VersionTests(ApplicationsFactory service) : IClassFixture<ApplicationsFactory>
{
    private HttpClient Centre => service.ClientFor(Actors.Centre);

    [Fact]
    public async Task An_application_after_five_writes_is_at_version_5_in_its_ETag_and_in_the_list()
    {
        var call = await service.OpenCallAsync();
        var unit = service.ClientFor(Actors.Unit(Guid.NewGuid()));
        var id = await unit.SubmittedAsync(Api.UnitForm(call, name: "河南省郑州科技馆", province: "河南省"));   // drafted, sealed, submitted
        Assert.Equal(HttpStatusCode.OK, (await service.ClientFor(Actors.Province("河南省")).RecommendAsync(id)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Centre.PostAsJsonAsync($"/api/v1/applications/{id}/reviews", new { score = 80 })).StatusCode);

        Assert.Equal(5, await Centre.ETagVersionAsync($"/api/v1/applications/{id}"));
        Assert.Equal(5, await Centre.ListedVersionAsync($"/api/v1/applications?callId={call}&province=河南省&pageSize=200", id));
        Assert.Equal(1, await Centre.ETagVersionAsync($"/api/v1/calls/{call}"));
        Assert.Equal(1, await Centre.ListedVersionAsync("/api/v1/calls?pageSize=200", call));
    }

    [Fact]
    public async Task A_published_experience_report_is_at_version_2_and_a_commendation_at_version_1_in_ETags_and_lists()
    {
        var call = await service.OpenCallAsync();
        var organization = Guid.NewGuid();
        var unit = service.ClientFor(Actors.Unit(organization));
        var id = await unit.SubmittedAsync(Api.UnitForm(call, name: "山东省济南市实验中学", province: "山东省"));
        Assert.Equal(HttpStatusCode.OK, (await service.ClientFor(Actors.Province("山东省")).RecommendAsync(id)).StatusCode);
        var designated = await Centre.PostAsJsonAsync($"/api/v1/applications/{id}/designation", new { decision = "designate", comment = "同意命名" });
        var pilotId = (await designated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("pilotId").GetGuid();

        var report = await unit.PostAsJsonAsync("/api/v1/experience-reports", new { pilotId, title = "科学家进校园", body = "每周两次科技选修课。" });
        var reportId = (await report.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await Centre.PostAsync($"/api/v1/experience-reports/{reportId}/publish", null)).StatusCode);
        Assert.Equal(2, await Centre.ETagVersionAsync($"/api/v1/experience-reports/{reportId}"));
        Assert.Equal(2, await Centre.ListedVersionAsync($"/api/v1/experience-reports?pilotId={pilotId}", reportId));

        var commendation = await Centre.PostAsJsonAsync("/api/v1/commendations", new { pilotId, year = 2024, title = "优秀试点单位", citation = "成效显著。" });
        var commendationId = (await commendation.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(1, await Centre.ETagVersionAsync($"/api/v1/commendations/{commendationId}"));
        Assert.Equal(1, await Centre.ListedVersionAsync($"/api/v1/commendations?pilotId={pilotId}", commendationId));
    }
}
