using System.Net;
using System.Net.Http.Json;
using Kechuang.TestKit;
using Xunit;

namespace Kechuang.Applications.Tests;

/// <summary>A province role sees and acts only on its province's applications, a unit only on its own.</summary>
public sealed class ScopeTests(ApplicationsFactory service) : IClassFixture<ApplicationsFactory>
{
    [Fact]
    public async Task A_province_role_cannot_see_or_act_on_another_provinces_application()
    {
        var call = await service.OpenCallAsync();
        var unit = service.ClientFor(Actors.Unit(Guid.NewGuid()));
        var id = await unit.SubmittedAsync(Api.UnitForm(call, name: "北京市海淀区科技馆"));
        var shanghai = service.ClientFor(Actors.Province("上海市"));

        await (await shanghai.GetAsync($"/api/v1/applications/{id}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await shanghai.GetAsync($"/api/v1/applications/{id}/history")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await shanghai.RecommendAsync(id)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await shanghai.PutAsJsonAsync($"/api/v1/applications/{id}", Api.UnitForm(call, province: "上海市")))
            .AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        var listed = await shanghai.ReadAsync($"/api/v1/applications?callId={call}");
        Assert.Equal(0, listed.GetProperty("total").GetInt64());
        var filtered = await shanghai.ReadAsync($"/api/v1/applications?callId={call}&province=北京市");
        Assert.Equal(0, filtered.GetProperty("total").GetInt64());

        var beijing = service.ClientFor(Actors.Province("北京市"));
        Assert.Equal(HttpStatusCode.OK, (await beijing.GetAsync($"/api/v1/applications/{id}")).StatusCode);
        Assert.Equal("submitted", (await beijing.ReadAsync($"/api/v1/applications/{id}")).GetProperty("status").GetString());
        Assert.Equal(1, (await beijing.ReadAsync($"/api/v1/applications?callId={call}")).GetProperty("total").GetInt64());
        Assert.Equal("recommended", await (await beijing.RecommendAsync(id)).StatusAsync());
    }

    [Fact]
    public async Task A_unit_sees_and_acts_only_on_its_own_applications()
    {
        var call = await service.OpenCallAsync();
        var mine = service.ClientFor(Actors.Unit(Guid.NewGuid()));
        var other = service.ClientFor(Actors.Unit(Guid.NewGuid()));
        var id = await mine.DraftIdAsync(Api.UnitForm(call));

        await (await other.GetAsync($"/api/v1/applications/{id}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await other.PutAsJsonAsync($"/api/v1/applications/{id}", Api.UnitForm(call))).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await other.SubmitAsync(id)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal(0, (await other.ReadAsync($"/api/v1/applications?callId={call}")).GetProperty("total").GetInt64());
        Assert.Equal(1, (await mine.ReadAsync($"/api/v1/applications?callId={call}")).GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Reviews_and_designation_are_the_centres_and_readers_see_no_applications()
    {
        var call = await service.OpenCallAsync();
        var id = await service.ClientFor(Actors.Unit(Guid.NewGuid())).SubmittedAsync(Api.UnitForm(call));
        var province = service.ClientFor(Actors.Province("北京市"));
        await province.RecommendAsync(id);

        await (await province.PostAsJsonAsync($"/api/v1/applications/{id}/reviews", new { score = 90 }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await province.PostAsJsonAsync($"/api/v1/applications/{id}/designation", new { decision = "designate" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await service.ClientFor(Actors.Reader).GetAsync($"/api/v1/applications/{id}")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }
}
