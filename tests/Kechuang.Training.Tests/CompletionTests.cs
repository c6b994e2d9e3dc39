using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Kechuang.Contracts.Training;
using Kechuang.TestKit;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Kechuang.Training.Tests;

public sealed class CompletionTests(TrainingFactory service) : IClassFixture<TrainingFactory>
{
    private readonly HttpClient _centre = service.ClientFor(Actors.Centre);

    [Fact]
    public async Task A_teacher_who_attended_the_required_sessions_completes_gets_a_verifiable_certificate_and_outreach_hears_of_it()
    {
        var completions = new ConcurrentQueue<TrainingCompleted>();
        var observer = service.Services.GetRequiredService<IBus>().ConnectReceiveEndpoint($"test-completions-{Guid.NewGuid():N}",
            e => e.Handler<TrainingCompleted>(context =>
            {
                completions.Enqueue(context.Message);
                return Task.CompletedTask;
            }));
        await observer.Ready;

        using var counted = new OwnMeasurements(TrainingMetrics.Name);
        var course = await _centre.OpenCourseAsync(TrainingApi.Course(service.Clock.GetUtcNow(), sessions: 5, rural: true, title: "送培到基层：科学探究"));
        var enrolment = (await _centre.EnrolAsync(course, TrainingApi.Teacher("马老师", rural: true)).CreatedAsync()).Id();
        service.Clock.Advance(TimeSpan.FromDays(12)); // every session has started
        foreach (var session in new[] { 0, 1, 2 }) await _centre.AttendAsync(enrolment, session).OkAsync();
        await _centre.AttendAsync(enrolment, 3, present: false).OkAsync();

        var problem = await _centre.PostAsync($"/api/v1/enrolments/{enrolment}/completion", null)
            .ProblemAsync(HttpStatusCode.UnprocessableEntity, "attendance_insufficient");
        Assert.Contains("3 of 5", problem.GetProperty("detail").GetString());
        Assert.Equal(0, counted.Of("kechuang.training.completions"));

        var attended = await _centre.AttendAsync(enrolment, 4).OkAsync();
        Assert.Equal(4, attended.GetProperty("sessionsAttended").GetInt32());
        var completed = await _centre.PostAsync($"/api/v1/enrolments/{enrolment}/completion", null).OkAsync();
        Assert.Equal("completed", completed.Status());
        Assert.Equal(1, counted.Of("kechuang.training.completions", "rural", true));
        Assert.Equal(1, counted.Of("kechuang.training.certificates_issued", "kind", "course-completion"));
        var code = completed.GetProperty("certificateCode").GetString()!;
        Assert.Matches("^KC(-[0-9A-HJKMNP-TV-Z]{4}){5}$", code);

        var certificate = await service.ClientFor(null).GetAsync($"/api/v1/certificates/{code}").OkAsync();
        Assert.Equal(code, certificate.GetProperty("code").GetString());
        Assert.Equal("马老师", certificate.GetProperty("holder").GetString());
        Assert.Equal("course-completion", certificate.GetProperty("kind").GetString());
        Assert.Equal("送培到基层：科学探究", certificate.GetProperty("title").GetString());
        Assert.True(certificate.GetProperty("valid").GetBoolean());
        await service.ClientFor(null).GetAsync($"/api/v1/certificates/{code.ToLowerInvariant()}").OkAsync();

        var message = await Eventually.Until(() => Task.FromResult(completions.FirstOrDefault(c => c.EnrolmentId == enrolment)),
            c => c is not null, because: "TrainingCompleted is published after the commit");
        Assert.Equal((course, code, "甘肃省"), (message!.CourseId, message.CertificateCode, message.Province));
        Assert.Equal(("定西市安定区巉口中学", "安定区", true), (message.School.Name, message.School.County, message.School.Rural));

        await _centre.PostAsync($"/api/v1/enrolments/{enrolment}/completion", null).ProblemAsync(HttpStatusCode.Conflict, "invalid_state");
        await _centre.AttendAsync(enrolment, 0).ProblemAsync(HttpStatusCode.Conflict, "invalid_state");
    }

    [Fact]
    public async Task A_course_may_require_every_session()
    {
        var course = await _centre.OpenCourseAsync(TrainingApi.Course(service.Clock.GetUtcNow(), sessions: 3, requiredSessions: 3));
        var enrolment = (await _centre.EnrolAsync(course, TrainingApi.Teacher()).CreatedAsync()).Id();
        service.Clock.Advance(TimeSpan.FromDays(10));
        await _centre.AttendAsync(enrolment, 0).OkAsync();
        await _centre.AttendAsync(enrolment, 1).OkAsync();
        await _centre.PostAsync($"/api/v1/enrolments/{enrolment}/completion", null)
            .ProblemAsync(HttpStatusCode.UnprocessableEntity, "attendance_insufficient");
        await _centre.AttendAsync(enrolment, 2).OkAsync();
        await _centre.PostAsync($"/api/v1/enrolments/{enrolment}/completion", null).OkAsync();
    }

    [Fact]
    public async Task Waitlisted_teachers_have_no_attendance_and_sessions_outside_the_course_are_a_400()
    {
        var course = await _centre.OpenCourseAsync(TrainingApi.Course(service.Clock.GetUtcNow(), capacity: 1, sessions: 2));
        var seated = (await _centre.EnrolAsync(course, TrainingApi.Teacher()).CreatedAsync()).Id();
        var waiting = (await _centre.EnrolAsync(course, TrainingApi.Teacher()).CreatedAsync()).Id();

        await _centre.AttendAsync(waiting, 0).ProblemAsync(HttpStatusCode.Conflict, "invalid_state");
        await _centre.PostAsync($"/api/v1/enrolments/{waiting}/completion", null).ProblemAsync(HttpStatusCode.Conflict, "invalid_state");
        foreach (var session in new[] { -1, 2 })
            await _centre.AttendAsync(seated, session).ProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var problem = await _centre.PostAsJsonAsync($"/api/v1/enrolments/{seated}/attendance", new { })
            .ProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("present", out _));
        Assert.Equal(1, (await _centre.GetAsync($"/api/v1/enrolments/{seated}").OkAsync()).GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Only_those_who_run_the_course_keep_attendance_and_an_expert_only_for_courses_they_train()
    {
        var trainerId = Guid.NewGuid();
        await service.VetAsync(trainerId, approved: true, trainer: true, service.Clock.GetUtcNow());
        await Eventually.True(() => _centre.InPoolAsync(trainerId));
        var course = await _centre.OpenCourseAsync(TrainingApi.Course(service.Clock.GetUtcNow(), trainerIds: [trainerId]));
        var school = service.ClientFor(Actors.School("甘肃省"));
        var enrolment = (await school.EnrolAsync(course, TrainingApi.Teacher()).CreatedAsync()).Id();
        service.Clock.Advance(TimeSpan.FromDays(7));

        await school.AttendAsync(enrolment, 0).ProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await service.ClientFor(Actors.Expert(Guid.NewGuid())).AttendAsync(enrolment, 0).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await service.ClientFor(Actors.Expert(trainerId)).AttendAsync(enrolment, 0).OkAsync();
        await service.ClientFor(Actors.Expert(trainerId)).GetAsync($"/api/v1/courses/{course}/enrolments").OkAsync();
        await service.ClientFor(Actors.Expert(Guid.NewGuid())).GetAsync($"/api/v1/courses/{course}/enrolments")
            .ProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Attendance_waits_for_its_session_and_completion_for_the_last_one_so_no_certificate_comes_before_the_course()
    {
        var now = service.Clock.GetUtcNow();
        var course = await _centre.OpenCourseAsync(TrainingApi.Course(now, sessions: 2, requiredSessions: 1));
        var enrolment = (await _centre.EnrolAsync(course, TrainingApi.Teacher()).CreatedAsync()).Id();
        var first = now.AddDays(7);

        var problem = await _centre.AttendAsync(enrolment, 0).ProblemAsync(HttpStatusCode.UnprocessableEntity, "session_not_started");
        Assert.Contains("Session 0", problem.GetProperty("detail").GetString());
        await _centre.PostAsync($"/api/v1/enrolments/{enrolment}/completion", null)
            .ProblemAsync(HttpStatusCode.UnprocessableEntity, "course_not_finished");

        service.Clock.Advance(first - service.Clock.GetUtcNow()); // the first session starts now
        await _centre.AttendAsync(enrolment, 0).OkAsync();
        await _centre.AttendAsync(enrolment, 1).ProblemAsync(HttpStatusCode.UnprocessableEntity, "session_not_started");
        await _centre.PostAsync($"/api/v1/enrolments/{enrolment}/completion", null)
            .ProblemAsync(HttpStatusCode.UnprocessableEntity, "course_not_finished");
        var read = await _centre.GetAsync($"/api/v1/enrolments/{enrolment}").OkAsync();
        Assert.Equal(("enrolled", 1, 2), (read.Status(), read.GetProperty("sessionsAttended").GetInt32(), read.GetProperty("version").GetInt32()));

        service.Clock.Advance(TimeSpan.FromDays(1)); // the last session starts now
        var completed = await _centre.PostAsync($"/api/v1/enrolments/{enrolment}/completion", null).OkAsync();
        var code = completed.GetProperty("certificateCode").GetString();
        Assert.True((await service.ClientFor(null).GetAsync($"/api/v1/certificates/{code}").OkAsync()).GetProperty("valid").GetBoolean());
    }

    [Theory]
    [InlineData("KC-2222-3333-4444-5555-6666")]
    [InlineData("not-a-certificate")]
    public async Task A_made_up_certificate_code_is_a_404(string code)
    {
        await service.ClientFor(null).GetAsync($"/api/v1/certificates/{code}").ProblemAsync(HttpStatusCode.NotFound, "not_found");
    }
}
