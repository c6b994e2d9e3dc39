using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.TestKit;
using Xunit;

namespace Kechuang.Training.Tests;

/// <summary>A course belongs to a province or is national; provinces act on their own (issue 14 §3).</summary>
public sealed class ProvinceScopeTests(TrainingFactory service) : IClassFixture<TrainingFactory>
{
    private readonly HttpClient _centre = service.ClientFor(Actors.Centre);
    private readonly HttpClient _gansu = service.ClientFor(Actors.Province("甘肃省"));

    private Task<HttpResponseMessage> Publish(HttpClient client, Guid course) => client.PostAsync($"/api/v1/courses/{course}/publish", null);

    private async Task<Guid> ScheduledAsync(HttpClient client, object course) =>
        (await client.PostAsJsonAsync("/api/v1/courses", course).CreatedAsync()).Id();

    [Fact]
    public async Task A_course_is_published_by_the_centre_or_by_the_province_it_belongs_to_only()
    {
        var now = service.Clock.GetUtcNow();
        var gansu = await ScheduledAsync(_gansu, TrainingApi.Course(now));
        Assert.Equal("甘肃省", (await _centre.GetAsync($"/api/v1/courses/{gansu}").OkAsync()).GetProperty("province").GetString());

        var trainerId = Guid.NewGuid();
        foreach (var refused in new[]
                 {
                     Actors.Trainer(trainerId), new Actor("key-trainer-gs", "培训专家", Roles.Trainer, "甘肃省", ExpertId: trainerId),
                     Actors.Expert(trainerId), Actors.School("甘肃省"), Actors.Unit(), Actors.Reader, Actors.Operator,
                 })
            await Publish(service.ClientFor(refused), gansu).ProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await Publish(service.ClientFor(Actors.Province("广东省")), gansu).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal("scheduled", (await _centre.GetAsync($"/api/v1/courses/{gansu}").OkAsync()).Status());
        Assert.Equal("open", (await Publish(_gansu, gansu).OkAsync()).Status());

        var national = await ScheduledAsync(_centre, TrainingApi.Course(now));
        Assert.Equal(JsonValueKind.Null, (await _centre.GetAsync($"/api/v1/courses/{national}").OkAsync()).GetProperty("province").ValueKind);
        await Publish(_gansu, national).ProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await Publish(_centre, national).OkAsync();

        var forGansu = await ScheduledAsync(_centre, TrainingApi.Course(now, province: "甘肃省"));
        await Publish(service.ClientFor(Actors.Province("广东省")), forGansu).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await Publish(service.ClientFor(Actors.Admin), forGansu).OkAsync();
    }

    [Fact]
    public async Task A_province_schedules_courses_of_its_own_province_and_an_offline_course_belongs_to_its_base()
    {
        var now = service.Clock.GetUtcNow();
        var beijingBase = (await _centre.PostAsJsonAsync("/api/v1/training-bases", TrainingApi.Base()).CreatedAsync()).Id();

        await _gansu.PostAsJsonAsync("/api/v1/courses", TrainingApi.Course(now, province: "广东省"))
            .ProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await _gansu.PostAsJsonAsync("/api/v1/courses", TrainingApi.Course(now, baseId: beijingBase))
            .ProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        var problem = await _centre.PostAsJsonAsync("/api/v1/courses", TrainingApi.Course(now, baseId: beijingBase, province: "甘肃省"))
            .ProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("province", out _));
        problem = await _centre.PostAsJsonAsync("/api/v1/courses", TrainingApi.Course(now, province: "火星省"))
            .ProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("province", out _));

        var atBase = await _centre.PostAsJsonAsync("/api/v1/courses", TrainingApi.Course(now, baseId: beijingBase)).CreatedAsync();
        Assert.Equal("北京市", atBase.GetProperty("province").GetString());
        var named = await _gansu.PostAsJsonAsync("/api/v1/courses", TrainingApi.Course(now, province: "甘肃省")).CreatedAsync();
        Assert.Equal("甘肃省", named.GetProperty("province").GetString());
    }
}
