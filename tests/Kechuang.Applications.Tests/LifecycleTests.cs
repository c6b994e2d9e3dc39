using System.Net;
using System.Net.Http.Json;
using Kechuang.TestKit;
using Xunit;

namespace Kechuang.Applications.Tests;

public sealed class LifecycleTests(ApplicationsFactory service) : IClassFixture<ApplicationsFactory>
{
    private readonly Guid _organization = Guid.NewGuid();

    private HttpClient Unit => service.ClientFor(Actors.Unit(_organization));

    [Fact]
    public async Task Submission_one_second_after_the_deadline_is_refused()
    {
        var call = await service.OpenCallAsync(deadlineIn: TimeSpan.FromHours(1));
        var late = await Unit.DraftIdAsync(Api.UnitForm(call));
        var onTime = await Unit.DraftIdAsync(Api.UnitForm(call));
        await Unit.UploadAsync(late, Api.Pdf, "application/pdf");
        await Unit.UploadAsync(onTime, Api.Pdf, "application/pdf");

        service.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(HttpStatusCode.OK, (await Unit.SubmitAsync(onTime)).StatusCode);
        service.Clock.Advance(TimeSpan.FromSeconds(1));
        await (await Unit.SubmitAsync(late)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "deadline_passed");
        Assert.Equal("draft", (await Unit.ReadAsync($"/api/v1/applications/{late}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Submission_before_the_call_opens_is_refused()
    {
        var call = await service.OpenCallAsync(opensIn: TimeSpan.FromDays(2));
        var id = await Unit.DraftIdAsync(Api.UnitForm(call));
        await Unit.UploadAsync(id, Api.Pdf, "application/pdf");
        await (await Unit.SubmitAsync(id)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "call_not_open");
    }

    [Fact]
    public async Task Submission_needs_the_seal_scan_and_the_declaration()
    {
        var id = await Unit.DraftIdAsync(Api.UnitForm(await service.OpenCallAsync()));
        await (await Unit.SubmitAsync(id)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "seal_scan_missing");
        await Unit.UploadAsync(id, Api.Pdf, "application/pdf");
        await (await Unit.SubmitAsync(id, declaration: false)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "declaration_required");
        await (await Unit.PostAsJsonAsync($"/api/v1/applications/{id}/submit", new { }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "declaration_required");

        var submitted = await Unit.SubmitAsync(id);
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        Assert.Equal("submitted", await submitted.StatusAsync());
    }

    [Fact]
    public async Task An_edit_or_a_new_scan_after_submission_is_refused()
    {
        var call = await service.OpenCallAsync();
        var id = await Unit.SubmittedAsync(Api.UnitForm(call));

        await (await Unit.PutAsJsonAsync($"/api/v1/applications/{id}", Api.UnitForm(call, name: "改名")))
            .AssertProblemAsync(HttpStatusCode.Conflict, "invalid_state");
        await (await Unit.UploadAsync(id, Api.Png, "image/png")).AssertProblemAsync(HttpStatusCode.Conflict, "invalid_state");
        await (await Unit.SubmitAsync(id)).AssertProblemAsync(HttpStatusCode.Conflict, "invalid_state");
        var application = await Unit.ReadAsync($"/api/v1/applications/{id}");
        Assert.Equal("北京市西城区实验小学", application.GetProperty("applicant").GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_returned_application_is_edited_and_submitted_again_and_history_lists_every_step_with_its_actor()
    {
        var call = await service.OpenCallAsync();
        var unitActor = Actors.Unit(_organization);
        var provinceActor = Actors.Province("北京市");
        var province = service.ClientFor(provinceActor);
        var id = await Unit.SubmittedAsync(Api.UnitForm(call));

        var returned = await province.RecommendAsync(id, "return", "请补充2021年活动数据");
        Assert.Equal("returned", await returned.StatusAsync());
        var view = await Unit.ReadAsync($"/api/v1/applications/{id}");
        Assert.Equal("请补充2021年活动数据", view.GetProperty("recommendation").GetProperty("comment").GetString());

        Assert.Equal(HttpStatusCode.OK, (await Unit.PutAsJsonAsync($"/api/v1/applications/{id}",
            Api.UnitForm(call, trackRecord: "2018年至2021年开展活动120场，2021年服务学生5000人次。"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Unit.SubmitAsync(id)).StatusCode);
        var recommended = await province.RecommendAsync(id);
        Assert.Equal("recommended", await recommended.StatusAsync());

        var history = await service.ClientFor(Actors.Centre).ReadAsync($"/api/v1/applications/{id}/history");
        var steps = history.EnumerateArray().Select(s => (
            Type: s.GetProperty("type").GetString(),
            By: s.GetProperty("by").GetProperty("id").GetString(),
            Role: s.GetProperty("by").GetProperty("role").GetString())).ToList();
        Assert.Equal(
        [
            ("application-drafted", unitActor.Id, "unit"),
            ("seal-scan-uploaded", unitActor.Id, "unit"),
            ("application-submitted", unitActor.Id, "unit"),
            ("application-returned", provinceActor.Id, "province"),
            ("application-edited", unitActor.Id, "unit"),
            ("application-submitted", unitActor.Id, "unit"),
            ("application-recommended", provinceActor.Id, "province"),
        ], steps);
        Assert.All(history.EnumerateArray(), s => Assert.True(s.TryGetProperty("at", out _)));
        Assert.Equal("请补充2021年活动数据", history[3].GetProperty("data").GetProperty("comment").GetString());

        // The unit itself is a partner: it reads who acted by role and organisation, never a staff id.
        var seenByUnit = await Unit.ReadAsync($"/api/v1/applications/{id}/history");
        Assert.Equal(steps.Select(s => s.Role), seenByUnit.EnumerateArray().Select(s => s.GetProperty("by").GetProperty("role").GetString()));
        Assert.All(seenByUnit.EnumerateArray(), s => Assert.False(s.GetProperty("by").TryGetProperty("id", out _)));
        Assert.Equal("北京市", seenByUnit[3].GetProperty("by").GetProperty("province").GetString());
        Assert.Equal(_organization, seenByUnit[0].GetProperty("by").GetProperty("organizationId").GetGuid());
        Assert.DoesNotContain(provinceActor.Id, seenByUnit.GetRawText());
    }

    [Fact]
    public async Task Return_and_not_recommend_need_a_reason_and_a_decision_must_be_known()
    {
        var id = await Unit.SubmittedAsync(Api.UnitForm(await service.OpenCallAsync()));
        var province = service.ClientFor(Actors.Province("北京市"));
        await (await province.RecommendAsync(id, "return", null)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await province.RecommendAsync(id, "not-recommend", " ")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await province.RecommendAsync(id, "maybe", "x")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("not-recommended", await (await province.RecommendAsync(id, "not-recommend", "不符合申报条件")).StatusAsync());
        await (await province.RecommendAsync(id)).AssertProblemAsync(HttpStatusCode.Conflict, "invalid_state");
    }

    [Fact]
    public async Task Only_a_province_role_recommends()
    {
        var id = await Unit.SubmittedAsync(Api.UnitForm(await service.OpenCallAsync()));
        await (await Unit.RecommendAsync(id)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await service.ClientFor(Actors.Centre).RecommendAsync(id)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Submissions_and_recommendations_are_counted_on_the_Kechuang_Applications_meter()
    {
        using var counted = new OwnMeasurements("Kechuang.Applications");

        var id = await Unit.SubmittedAsync(Api.UnitForm(await service.OpenCallAsync()));
        await service.ClientFor(Actors.Province("北京市")).RecommendAsync(id);

        // Exactly this test's one application, whatever the test classes running in parallel count meanwhile.
        Assert.Equal(1, counted.Of("kechuang.applications.submitted"));
        Assert.Equal(1, counted.Of("kechuang.applications.recommended"));
        // Tagged by the kind and province the events carry.
        Assert.Equal(1, counted.Of("kechuang.applications.submitted", "province", "北京市"));
        Assert.Equal(1, counted.Of("kechuang.applications.recommended", "kind", "pilot-unit"));
    }

    [Fact]
    public async Task An_unknown_application_is_a_404_everywhere()
    {
        var id = Guid.NewGuid();
        var centre = service.ClientFor(Actors.Centre);
        await (await centre.GetAsync($"/api/v1/applications/{id}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await centre.GetAsync($"/api/v1/applications/{id}/history")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await centre.SubmitAsync(id)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await centre.PostAsJsonAsync($"/api/v1/applications/{id}/designation", new { decision = "designate" }))
            .AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await service.ClientFor(Actors.Province("北京市")).RecommendAsync(id)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }
}
