using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.TestKit;
using Xunit;

namespace Kechuang.Training.Tests;

/// <summary>A trainer manages the courses that name it, and no others (issue 14 §3).</summary>
public sealed class TrainerScopeTests(TrainingFactory service) : IClassFixture<TrainingFactory>
{
    private readonly HttpClient _centre = service.ClientFor(Actors.Centre);

    private static Actor Trainer(Guid expertId, string? province = null) =>
        new($"key-trainer-{Guid.NewGuid():N}", "培训专家", Roles.Trainer, province, ExpertId: expertId);

    private async Task<Guid> VettedTrainerAsync()
    {
        var id = Guid.NewGuid();
        await service.VetAsync(id, approved: true, trainer: true, service.Clock.GetUtcNow());
        await Eventually.True(() => _centre.InPoolAsync(id), because: "the trainer pool follows ExpertVetted");
        return id;
    }

    [Fact]
    public async Task A_trainer_lists_keeps_attendance_and_completes_only_in_courses_that_name_it()
    {
        var named = await VettedTrainerAsync();
        var other = await VettedTrainerAsync();
        var now = service.Clock.GetUtcNow();
        var mine = await _centre.OpenCourseAsync(TrainingApi.Course(now, sessions: 2, trainerIds: [named]));
        var theirs = await _centre.OpenCourseAsync(TrainingApi.Course(now, sessions: 2, trainerIds: [other]));
        var inMine = (await _centre.EnrolAsync(mine, TrainingApi.Teacher()).CreatedAsync()).Id();
        var inTheirs = (await _centre.EnrolAsync(theirs, TrainingApi.Teacher()).CreatedAsync()).Id();
        service.Clock.Advance(TimeSpan.FromDays(9)); // both sessions of both courses have started
        var trainer = service.ClientFor(Trainer(named));

        var listed = await trainer.GetAsync($"/api/v1/courses/{mine}/enrolments").OkAsync();
        var teacher = Assert.Single(listed.GetProperty("items").EnumerateArray()).GetProperty("teacher");
        Assert.False(string.IsNullOrEmpty(teacher.GetProperty("phone").GetString()));
        await trainer.AttendAsync(inMine, 0).OkAsync();
        await trainer.AttendAsync(inMine, 1).OkAsync();
        Assert.Equal("completed", (await trainer.PostAsync($"/api/v1/enrolments/{inMine}/completion", null).OkAsync()).Status());

        await trainer.GetAsync($"/api/v1/courses/{theirs}/enrolments").ProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await trainer.GetAsync($"/api/v1/enrolments/{inTheirs}").ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await trainer.AttendAsync(inTheirs, 0).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await trainer.PostAsync($"/api/v1/enrolments/{inTheirs}/completion", null).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await trainer.GetAsync($"/api/v1/enrolments/{inTheirs}/history").ProblemAsync(HttpStatusCode.NotFound, "not_found");

        var untouched = await _centre.GetAsync($"/api/v1/enrolments/{inTheirs}").OkAsync();
        Assert.Equal(("enrolled", 0), (untouched.Status(), untouched.GetProperty("attendance").GetArrayLength()));
    }

    [Fact]
    public async Task Only_the_courses_trainers_and_those_who_run_training_list_its_enrolments()
    {
        var named = await VettedTrainerAsync();
        var course = await _centre.OpenCourseAsync(TrainingApi.Course(service.Clock.GetUtcNow(), trainerIds: [named]));
        await _centre.EnrolAsync(course, TrainingApi.Teacher(province: "甘肃省")).CreatedAsync();
        var path = $"/api/v1/courses/{course}/enrolments";

        foreach (var allowed in new[] { Actors.Admin, Actors.Centre, Trainer(named), Actors.Expert(named), Actors.Province("甘肃省") })
            Assert.Equal(1, (await service.ClientFor(allowed).GetAsync(path).OkAsync()).GetProperty("total").GetInt32());
        foreach (var refused in new[]
                 {
                     Trainer(Guid.NewGuid()), Actors.Trainer(), Actors.Expert(Guid.NewGuid()), Actors.School("甘肃省"), Actors.Unit(),
                     Actors.Reader, Actors.Operator,
                 })
            await service.ClientFor(refused).GetAsync(path).ProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task A_trainer_schedules_only_courses_that_name_it()
    {
        var self = await VettedTrainerAsync();
        var other = await VettedTrainerAsync();
        var now = service.Clock.GetUtcNow();
        var trainer = service.ClientFor(Trainer(self));

        await trainer.PostAsJsonAsync("/api/v1/courses", TrainingApi.Course(now)).ProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await trainer.PostAsJsonAsync("/api/v1/courses", TrainingApi.Course(now, trainerIds: [other]))
            .ProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await service.ClientFor(Actors.Trainer()).PostAsJsonAsync("/api/v1/courses", TrainingApi.Course(now, trainerIds: [other]))
            .ProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        var course = await trainer.PostAsJsonAsync("/api/v1/courses", TrainingApi.Course(now, trainerIds: [self, other])).CreatedAsync();
        Assert.Equal([self, other], course.GetProperty("trainerIds").EnumerateArray().Select(t => t.GetGuid()));
    }
}
