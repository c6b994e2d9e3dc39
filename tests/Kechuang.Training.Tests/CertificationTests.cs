using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.TestKit;
using Kechuang.Training.Domain;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Kechuang.Training.Tests;

public sealed class CertificationTests(TrainingFactory service) : IClassFixture<TrainingFactory>
{
    private readonly HttpClient _centre = service.ClientFor(Actors.Centre);
    private static readonly Guid AssessorId = Guid.NewGuid();
    private readonly HttpClient _assessor = service.ClientFor(Actors.Expert(AssessorId));

    private static object Candidate(string name = "张辅导员", string province = "北京市") => new
    {
        name,
        organization = "北京市海淀区青少年活动中心",
        province,
        phone = "13800138000",
        email = "zhang@example.cn",
    };

    /// <summary>A certification of a 北京市 candidate, assessed by <see cref="AssessorId"/>.</summary>
    private async Task<Guid> RequestAsync(string level, string name = "张辅导员")
    {
        var id = (await _centre.PostAsJsonAsync("/api/v1/certifications", new { candidate = Candidate(name), level }).CreatedAsync()).Id();
        await Assign(id, [AssessorId]).OkAsync();
        return id;
    }

    private Task<HttpResponseMessage> Assign(Guid id, Guid[] expertIds, HttpClient? client = null) =>
        (client ?? _centre).PostAsJsonAsync($"/api/v1/certifications/{id}/assessors", new { expertIds });

    private Task<HttpResponseMessage> Score(Guid id, string part, int score, HttpClient? client = null) =>
        (client ?? _assessor).PostAsJsonAsync($"/api/v1/certifications/{id}/assessments", new { part, score });

    private Task<HttpResponseMessage> Decide(Guid id, string decision, HttpClient? client = null) =>
        (client ?? _centre).PostAsJsonAsync($"/api/v1/certifications/{id}/decision", new { decision, comment = "依据专业标准" });

    [Fact]
    public async Task A_senior_certification_without_a_defence_score_cannot_be_certified_and_with_passing_scores_issues_a_certificate()
    {
        var id = await RequestAsync("senior", "高级候选人");
        await Score(id, "written", 88).OkAsync();
        await Score(id, "portfolio", 75).OkAsync();

        var incomplete = await Decide(id, "certify").ProblemAsync(HttpStatusCode.UnprocessableEntity, "assessment_incomplete");
        Assert.Contains("defence", incomplete.GetProperty("detail").GetString());

        await Score(id, "defence", 59).OkAsync();
        await Decide(id, "certify").ProblemAsync(HttpStatusCode.UnprocessableEntity, "assessment_failed");

        await Score(id, "defence", 72).OkAsync();
        var certified = await Decide(id, "certify").OkAsync();
        Assert.Equal("certified", certified.Status());
        var code = certified.GetProperty("certificateCode").GetString()!;

        var certificate = await service.ClientFor(null).GetAsync($"/api/v1/certificates/{code}").OkAsync();
        Assert.Equal(("高级候选人", "tutor-certification", "senior"), (certificate.GetProperty("holder").GetString(),
            certificate.GetProperty("kind").GetString(), certificate.GetProperty("level").GetString()));
        Assert.Equal("科技辅导教师专业水平认证（高级）", certificate.GetProperty("title").GetString());
        Assert.True(certificate.GetProperty("valid").GetBoolean());

        await Decide(id, "refuse").ProblemAsync(HttpStatusCode.Conflict, "invalid_state");
        await Score(id, "written", 90).ProblemAsync(HttpStatusCode.Conflict, "invalid_state");
        var history = await _centre.GetFromJsonAsync<JsonElement>($"/api/v1/certifications/{id}/history");
        Assert.Equal("candidate-certified", history.EnumerateArray().Last().GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_primary_certification_needs_written_and_portfolio_and_has_no_defence()
    {
        var id = await RequestAsync("primary");
        var view = await _centre.GetAsync($"/api/v1/certifications/{id}").OkAsync();
        Assert.Equal(("assessing", 60), (view.Status(), view.GetProperty("passMark").GetInt32()));
        Assert.Equal(["written", "portfolio"], view.GetProperty("requiredParts").EnumerateArray().Select(p => p.GetString()));

        await Score(id, "defence", 90).ProblemAsync(HttpStatusCode.UnprocessableEntity, "part_not_applicable");
        await Score(id, "written", 61).OkAsync();
        await Decide(id, "certify").ProblemAsync(HttpStatusCode.UnprocessableEntity, "assessment_incomplete");
        await Score(id, "portfolio", 60).OkAsync();
        Assert.Equal("certified", (await Decide(id, "certify").OkAsync()).Status());
    }

    [Fact]
    public async Task A_refused_candidate_gets_no_certificate()
    {
        var id = await RequestAsync("intermediate");
        var refused = await Decide(id, "refuse").OkAsync();
        Assert.Equal("refused", refused.Status());
        Assert.Equal(JsonValueKind.Null, refused.GetProperty("certificateCode").ValueKind);
    }

    [Fact]
    public async Task The_queue_lists_certifications_awaiting_a_decision_within_the_callers_scope()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var waiting = await RequestAsync("primary", $"待定{tag}");
        var decided = await RequestAsync("intermediate", $"已定{tag}");
        await Decide(decided, "refuse").OkAsync();
        var elsewhere = (await _centre.PostAsJsonAsync("/api/v1/certifications",
            new { candidate = Candidate($"外省{tag}", "广东省"), level = "senior" }).CreatedAsync()).Id();

        static async Task<List<Guid>> Ids(HttpClient client, string query)
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"/api/v1/certifications?pageSize=200&{query}");
            return page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();
        }

        var queue = await Ids(_centre, "status=assessing");
        Assert.Contains(waiting, queue);
        Assert.Contains(elsewhere, queue);
        Assert.DoesNotContain(decided, queue);

        var beijing = await Ids(service.ClientFor(Actors.Province("北京市")), "status=assessing");
        Assert.Contains(waiting, beijing);
        Assert.DoesNotContain(elsewhere, beijing);

        Assert.Empty(await Ids(service.ClientFor(Actors.School()), ""));
        var bad = await _centre.GetAsync("/api/v1/certifications?status=pending-forever");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Only_the_assigned_assessors_score_and_only_the_centre_decides()
    {
        var id = (await _centre.PostAsJsonAsync("/api/v1/certifications", new { candidate = Candidate(), level = "primary" }).CreatedAsync()).Id();
        var trainerId = Guid.NewGuid();
        var problem = await Score(id, "written", 80).ProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Contains("No assessors", problem.GetProperty("detail").GetString());

        var assigned = await Assign(id, [AssessorId, trainerId]).OkAsync();
        Assert.Equal([AssessorId, trainerId], assigned.GetProperty("assessorIds").EnumerateArray().Select(e => e.GetGuid()));
        await Score(id, "written", 80, service.ClientFor(Actors.Trainer(trainerId))).OkAsync();
        await Score(id, "portfolio", 80).OkAsync();
        foreach (var other in new[]
                 {
                     Actors.Admin, Actors.Centre, Actors.Province("北京市"), Actors.Expert(Guid.NewGuid()), Actors.Trainer(Guid.NewGuid()),
                     Actors.Trainer(), Actors.School(), Actors.Unit(), Actors.Reader, Actors.Operator,
                 })
            await Score(id, "portfolio", 10, service.ClientFor(other)).ProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        await Assign(id, [trainerId]).OkAsync(); // the assessor is taken off the certification
        await Score(id, "portfolio", 10).ProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        var scores = (await _centre.GetAsync($"/api/v1/certifications/{id}").OkAsync()).GetProperty("scores");
        Assert.Equal([80, 80], scores.EnumerateArray().Select(p => p.GetProperty("score").GetInt32()));

        await Decide(id, "certify", service.ClientFor(Actors.Trainer(trainerId))).ProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal("certified", (await Decide(id, "certify").OkAsync()).Status());
        await Assign(id, [AssessorId]).ProblemAsync(HttpStatusCode.Conflict, "invalid_state");
    }

    [Fact]
    public async Task Assessors_are_assigned_by_the_centre_or_the_candidates_province_only()
    {
        var id = (await _centre.PostAsJsonAsync("/api/v1/certifications", new { candidate = Candidate(), level = "primary" }).CreatedAsync()).Id();
        foreach (var refused in new[]
                 {
                     Actors.Expert(AssessorId), Actors.Trainer(AssessorId), Actors.School("北京市"), Actors.Unit(), Actors.Reader, Actors.Operator,
                 })
            await Assign(id, [AssessorId], service.ClientFor(refused)).ProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await Assign(id, [AssessorId], service.ClientFor(Actors.Province("广东省"))).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal(0, (await _centre.GetAsync($"/api/v1/certifications/{id}").OkAsync()).GetProperty("assessorIds").GetArrayLength());

        await Assign(id, [AssessorId], service.ClientFor(Actors.Province("北京市"))).OkAsync();
        await Assign(id, [AssessorId], service.ClientFor(Actors.Admin)).OkAsync();
        await Assign(Guid.NewGuid(), [AssessorId]).ProblemAsync(HttpStatusCode.NotFound, "not_found");

        foreach (var body in new object[]
                 {
                     new { }, new { expertIds = Array.Empty<Guid>() }, new { expertIds = new[] { AssessorId, AssessorId } },
                     new { expertIds = new[] { Guid.Empty } }, new { expertIds = Enumerable.Range(0, 21).Select(_ => Guid.NewGuid()).ToArray() },
                 })
        {
            var problem = await _centre.PostAsJsonAsync($"/api/v1/certifications/{id}/assessors", body)
                .ProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
            Assert.True(problem.GetProperty("errors").TryGetProperty("expertIds", out _), $"an error for expertIds: {problem}");
        }
        await _centre.PostAsync($"/api/v1/certifications/{id}/assessors",
                new StringContent("{\"expertIds\": [\"not-a-uuid\"]}", Encoding.UTF8, "application/json"))
            .ProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(3, (await _centre.GetAsync($"/api/v1/certifications/{id}").OkAsync()).GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task A_candidates_phone_and_email_go_only_to_the_centre_the_candidates_province_and_the_assessors()
    {
        var id = await RequestAsync("primary", "联系方式候选人");
        var unit = Actors.Unit();
        var putForward = (await service.ClientFor(unit).PostAsJsonAsync("/api/v1/certifications",
            new { candidate = Candidate("单位推荐"), level = "primary" }).CreatedAsync());
        Assert.Equal(JsonValueKind.Null, putForward.GetProperty("candidate").GetProperty("phone").ValueKind);

        async Task<JsonElement> CandidateAs(Actor actor) =>
            (await service.ClientFor(actor).GetAsync($"/api/v1/certifications/{id}").OkAsync()).GetProperty("candidate");

        foreach (var shown in new[] { Actors.Admin, Actors.Centre, Actors.Province("北京市"), Actors.Expert(AssessorId), Actors.Trainer(AssessorId) })
        {
            var candidate = await CandidateAs(shown);
            Assert.Equal(("13800138000", "zhang@example.cn"),
                (candidate.GetProperty("phone").GetString(), candidate.GetProperty("email").GetString()));
        }
        foreach (var hidden in new[] { Actors.Expert(Guid.NewGuid()), Actors.Trainer(Guid.NewGuid()) })
        {
            var candidate = await CandidateAs(hidden);
            Assert.Equal("联系方式候选人", candidate.GetProperty("name").GetString());
            Assert.Equal((JsonValueKind.Null, JsonValueKind.Null),
                (candidate.GetProperty("phone").ValueKind, candidate.GetProperty("email").ValueKind));
            var listed = await service.ClientFor(hidden).GetFromJsonAsync<JsonElement>("/api/v1/certifications?pageSize=200");
            Assert.All(listed.GetProperty("items").EnumerateArray(),
                c => Assert.Equal(JsonValueKind.Null, c.GetProperty("candidate").GetProperty("phone").ValueKind));
            await service.ClientFor(hidden).GetAsync($"/api/v1/certifications/{id}/history").ProblemAsync(HttpStatusCode.NotFound, "not_found");
        }
        var own = await service.ClientFor(unit).GetAsync($"/api/v1/certifications/{putForward.Id()}").OkAsync();
        Assert.Equal(JsonValueKind.Null, own.GetProperty("candidate").GetProperty("email").ValueKind);
        await service.ClientFor(Actors.Expert(AssessorId)).GetAsync($"/api/v1/certifications/{id}/history").OkAsync();
        await service.ClientFor(Actors.Province("北京市")).GetAsync($"/api/v1/certifications/{id}/history").OkAsync();
    }

    [Fact]
    public async Task Bad_input_is_a_400_with_every_field_error_and_nothing_is_stored()
    {
        var before = await StoredCertifications();
        var problem = await _centre.PostAsJsonAsync("/api/v1/certifications", new { candidate = new { name = "", province = "火星省", phone = "1", email = "x" } })
            .ProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        foreach (var field in new[] { "level", "candidate.name", "candidate.organization", "candidate.province", "candidate.phone", "candidate.email" })
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"an error for {field}");
        await _centre.PostAsync("/api/v1/certifications", new StringContent("{\"candidate\": null, \"level\": \"grandmaster\"}", Encoding.UTF8, "application/json"))
            .ProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(before, await StoredCertifications());

        var id = await RequestAsync("senior");
        await Score(id, "written", 101).ProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await _assessor.PostAsJsonAsync($"/api/v1/certifications/{id}/assessments", new { part = "singing", score = 80 })
            .ProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await Decide(id, "maybe").ProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(2, (await _centre.GetAsync($"/api/v1/certifications/{id}").OkAsync()).GetProperty("version").GetInt32());
    }

    private async Task<int> StoredCertifications()
    {
        await using var session = service.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.Query<Certification>().CountAsync();
    }
}
