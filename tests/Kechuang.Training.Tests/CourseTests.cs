using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Kechuang.TestKit;
using Xunit;

namespace Kechuang.Training.Tests;

public sealed class CourseTests(TrainingFactory service) : IClassFixture<TrainingFactory>
{
    private readonly HttpClient _centre = service.ClientFor(Actors.Centre);

    [Fact]
    public async Task A_scheduled_course_is_published_once_and_then_open_for_enrolment()
    {
        var response = await _centre.PostAsJsonAsync("/api/v1/courses", TrainingApi.Course(service.Clock.GetUtcNow(), capacity: 25, sessions: 5));
        var created = await Task.FromResult(response).CreatedAsync();
        var id = created.Id();
        Assert.Equal($"/api/v1/courses/{id}", response.Headers.Location?.ToString());
        Assert.Equal("scheduled", created.Status());
        Assert.Equal(4, created.GetProperty("requiredSessions").GetInt32());
        Assert.False(created.GetProperty("enrolmentOpen").GetBoolean());
        Assert.Equal((0, 0, 25), (created.GetProperty("enrolled").GetInt32(), created.GetProperty("waitlisted").GetInt32(),
            created.GetProperty("seatsLeft").GetInt32()));

        var published = await _centre.PostAsync($"/api/v1/courses/{id}/publish", null).OkAsync();
        Assert.Equal("open", published.Status());
        Assert.True(published.GetProperty("enrolmentOpen").GetBoolean());
        Assert.Equal(2, published.GetProperty("version").GetInt32());

        await _centre.PostAsync($"/api/v1/courses/{id}/publish", null).ProblemAsync(HttpStatusCode.Conflict, "invalid_state");
        var history = await _centre.GetFromJsonAsync<JsonElement>($"/api/v1/courses/{id}/history");
        Assert.Equal(["course-scheduled", "course-published"], history.EnumerateArray().Select(e => e.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task Publishing_with_a_stale_etag_is_a_412()
    {
        var id = (await _centre.PostAsJsonAsync("/api/v1/courses", TrainingApi.Course(service.Clock.GetUtcNow())).CreatedAsync()).Id();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/courses/{id}/publish");
        request.Headers.TryAddWithoutValidation("If-Match", "\"7\"");
        await _centre.SendAsync(request).ProblemAsync(HttpStatusCode.PreconditionFailed, "precondition_failed");
        Assert.Equal("scheduled", (await _centre.GetAsync($"/api/v1/courses/{id}").OkAsync()).Status());
    }

    [Fact]
    public async Task An_offline_course_takes_place_at_a_registered_base()
    {
        var now = service.Clock.GetUtcNow();
        await _centre.PostAsJsonAsync("/api/v1/courses", TrainingApi.Course(now, baseId: Guid.NewGuid()))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity, "unknown_base");

        var baseId = (await _centre.PostAsJsonAsync("/api/v1/training-bases", TrainingApi.Base()).CreatedAsync()).Id();
        var course = await _centre.PostAsJsonAsync("/api/v1/courses", TrainingApi.Course(now, baseId: baseId)).CreatedAsync();
        Assert.Equal(("offline", baseId), (course.GetProperty("mode").GetString(), course.GetProperty("baseId").GetGuid()));

        var atBase = await _centre.GetFromJsonAsync<JsonElement>($"/api/v1/courses?baseId={baseId}");
        Assert.Equal(course.Id(), Assert.Single(atBase.GetProperty("items").EnumerateArray()).Id());
    }

    [Fact]
    public async Task Rural_courses_are_flagged_and_listed_with_their_seat_counts()
    {
        var now = service.Clock.GetUtcNow();
        var rural = await _centre.OpenCourseAsync(TrainingApi.Course(now, capacity: 1, rural: true, title: "送培到基层：乡村科学课"));
        var urban = await _centre.OpenCourseAsync(TrainingApi.Course(now));
        await _centre.EnrolAsync(rural, TrainingApi.Teacher()).CreatedAsync();
        await _centre.EnrolAsync(rural, TrainingApi.Teacher()).CreatedAsync();

        var page = await _centre.GetFromJsonAsync<JsonElement>("/api/v1/courses?rural=true&status=open&area=frontier-science&pageSize=200");
        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.DoesNotContain(items, c => c.Id() == urban);
        var listed = Assert.Single(items, c => c.Id() == rural);
        Assert.True(listed.GetProperty("rural").GetBoolean());
        Assert.Equal((1, 1, 0), (listed.GetProperty("enrolled").GetInt32(), listed.GetProperty("waitlisted").GetInt32(),
            listed.GetProperty("seatsLeft").GetInt32()));
        Assert.Equal(2, listed.GetProperty("version").GetInt32());

        await _centre.GetAsync("/api/v1/courses?area=alchemy&rural=maybe").ProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task Trainers_and_provinces_schedule_courses_schools_do_not()
    {
        var trainerId = Guid.NewGuid();
        await service.VetAsync(trainerId, approved: true, trainer: true, service.Clock.GetUtcNow());
        await Eventually.True(() => _centre.InPoolAsync(trainerId));
        var course = TrainingApi.Course(service.Clock.GetUtcNow(), trainerIds: [trainerId]);
        await service.ClientFor(Actors.Trainer(trainerId)).PostAsJsonAsync("/api/v1/courses", course).CreatedAsync();
        await service.ClientFor(Actors.Province("甘肃省")).PostAsJsonAsync("/api/v1/courses", course).CreatedAsync();
        await service.ClientFor(Actors.School()).PostAsJsonAsync("/api/v1/courses", course).ProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(HttpStatusCode.Unauthorized, (await service.ClientFor(null).GetAsync("/api/v1/courses")).StatusCode);
    }

    [Fact]
    public async Task Bad_input_is_a_400_with_every_field_error_and_nothing_is_stored()
    {
        var before = await Total();
        var now = service.Clock.GetUtcNow();
        var problem = await _centre.PostAsJsonAsync("/api/v1/courses", new
        {
            title = "",
            mode = "offline",
            trainerIds = new[] { Guid.Empty, Guid.Empty },
            capacity = 0,
            sessions = new object[]
            {
                new { start = now.AddDays(3), end = now.AddDays(3).AddHours(2) },
                new { start = now.AddDays(2), end = now.AddDays(1) },
            },
            requiredSessions = 3,
            enrolmentDeadline = now.AddDays(4),
        }).ProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "title", "area", "baseId", "trainerIds", "capacity", "sessions[1]", "requiredSessions", "rural", "enrolmentDeadline" })
            Assert.True(errors.TryGetProperty(field, out _), $"an error for {field}: {errors}");
        Assert.Equal(before, await Total());
    }

    [Theory]
    [InlineData("{\"title\": ")]
    [InlineData("{\"title\": \"x\", \"area\": \"astrology\", \"mode\": \"online\", \"capacity\": 5, \"rural\": false}")]
    [InlineData("{\"title\": \"x\", \"area\": \"innovation\", \"mode\": \"online\", \"capacity\": \"five\", \"rural\": false}")]
    [InlineData("{\"title\": \"x\", \"area\": \"innovation\", \"mode\": \"online\", \"trainerIds\": [\"not-a-uuid\"]}")]
    public async Task Malformed_json_or_an_unknown_enum_is_a_400_and_nothing_is_stored(string json)
    {
        var before = await Total();
        await _centre.PostAsync("/api/v1/courses", new StringContent(json, Encoding.UTF8, "application/json"))
            .ProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(before, await Total());
    }

    [Fact]
    public async Task An_unknown_course_is_a_404()
    {
        await _centre.GetAsync($"/api/v1/courses/{Guid.NewGuid()}").ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await _centre.PostAsync($"/api/v1/courses/{Guid.NewGuid()}/publish", null).ProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task The_openapi_document_describes_every_training_route()
    {
        var document = await service.ClientFor(null).GetAsync("/openapi/v1.json").OkAsync();
        var paths = document.GetProperty("paths");
        foreach (var path in new[]
                 {
                     "/api/v1/training-bases", "/api/v1/trainers", "/api/v1/courses", "/api/v1/courses/{id}/publish",
                     "/api/v1/courses/{id}/enrolments", "/api/v1/enrolments/{id}", "/api/v1/enrolments/{id}/cancellation",
                     "/api/v1/enrolments/{id}/attendance", "/api/v1/enrolments/{id}/completion", "/api/v1/certifications",
                     "/api/v1/certifications/{id}/assessments", "/api/v1/certifications/{id}/decision", "/api/v1/certificates/{code}",
                 })
            Assert.True(paths.TryGetProperty(path, out _) || paths.TryGetProperty(path + "/", out _), $"{path} is documented");
    }

    private async Task<long> Total() =>
        (await _centre.GetFromJsonAsync<JsonElement>("/api/v1/courses")).GetProperty("total").GetInt64();
}
