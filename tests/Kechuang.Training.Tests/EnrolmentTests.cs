using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Kechuang.TestKit;
using Xunit;

namespace Kechuang.Training.Tests;

public sealed class EnrolmentTests(TrainingFactory service) : IClassFixture<TrainingFactory>
{
    private readonly HttpClient _centre = service.ClientFor(Actors.Centre);

    [Fact]
    public async Task Thirty_parallel_enrolments_in_ten_seats_make_ten_enrolled_and_twenty_waitlisted_in_arrival_order()
    {
        var course = await _centre.OpenCourseAsync(TrainingApi.Course(service.Clock.GetUtcNow(), capacity: 10));

        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
            service.ClientFor(Actors.School("甘肃省")).EnrolAsync(course, TrainingApi.Teacher($"老师{i}"))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var enrolments = await Task.WhenAll(responses.Select(r => r.Content.ReadFromJsonAsync<JsonElement>()));
        var byArrival = enrolments.OrderBy(e => e.GetProperty("arrival").GetInt32()).ToList();
        Assert.Equal(Enumerable.Range(1, 30), byArrival.Select(e => e.GetProperty("arrival").GetInt32()));
        Assert.All(byArrival.Take(10), e => Assert.Equal("enrolled", e.Status()));
        Assert.All(byArrival.Skip(10), e => Assert.Equal("waitlisted", e.Status()));

        // Read back: positions 1..20 follow the order the ledger accepted the requests.
        var list = await _centre.GetFromJsonAsync<JsonElement>($"/api/v1/courses/{course}/enrolments?pageSize=200");
        var items = list.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(30, list.GetProperty("total").GetInt32());
        Assert.Equal(10, items.Count(e => e.Status() == "enrolled"));
        var waitlisted = items.Where(e => e.Status() == "waitlisted").OrderBy(e => e.GetProperty("arrival").GetInt32()).ToList();
        Assert.Equal(Enumerable.Range(1, 20), waitlisted.Select(e => e.GetProperty("waitlistPosition").GetInt32()));
        Assert.Equal(Enumerable.Range(11, 20), waitlisted.Select(e => e.GetProperty("arrival").GetInt32()));

        var counts = await _centre.GetAsync($"/api/v1/courses/{course}").OkAsync();
        Assert.Equal((10, 20, 0), (counts.GetProperty("enrolled").GetInt32(), counts.GetProperty("waitlisted").GetInt32(),
            counts.GetProperty("seatsLeft").GetInt32()));

        // Cancelling a seat promotes exactly the first waitlisted; everyone behind moves up one.
        var seated = byArrival[3].Id();
        var cancelled = await _centre.PostAsJsonAsync($"/api/v1/enrolments/{seated}/cancellation", new { reason = "工作调动" }).OkAsync();
        Assert.Equal("cancelled", cancelled.Status());

        var first = await _centre.GetAsync($"/api/v1/enrolments/{byArrival[10].Id()}").OkAsync();
        Assert.Equal("enrolled", first.Status());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("waitlistPosition").ValueKind);
        for (var i = 11; i < 30; i++)
        {
            var waiting = await _centre.GetAsync($"/api/v1/enrolments/{byArrival[i].Id()}").OkAsync();
            Assert.Equal(("waitlisted", i - 10), (waiting.Status(), waiting.GetProperty("waitlistPosition").GetInt32()));
        }
        counts = await _centre.GetAsync($"/api/v1/courses/{course}").OkAsync();
        Assert.Equal((10, 19), (counts.GetProperty("enrolled").GetInt32(), counts.GetProperty("waitlisted").GetInt32()));

        var history = await _centre.GetFromJsonAsync<JsonElement>($"/api/v1/enrolments/{byArrival[10].Id()}/history");
        Assert.Equal(["teacher-waitlisted", "enrolment-promoted"], history.EnumerateArray().Select(e => e.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task The_same_teacher_enrolling_ten_times_at_once_gets_one_enrolment_and_nine_conflicts()
    {
        var course = await _centre.OpenCourseAsync(TrainingApi.Course(service.Clock.GetUtcNow(), capacity: 3));
        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            _centre.EnrolAsync(course, TrainingApi.Teacher(phone: "13912345678", email: "same@example.cn"))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        foreach (var conflict in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
            await Task.FromResult(conflict).ProblemAsync(HttpStatusCode.Conflict, "already_enrolled");
    }

    [Fact]
    public async Task A_teacher_is_recognised_by_phone_or_by_email_and_may_enrol_again_after_cancelling()
    {
        var course = await _centre.OpenCourseAsync(TrainingApi.Course(service.Clock.GetUtcNow()));
        var first = (await _centre.EnrolAsync(course, TrainingApi.Teacher(phone: "010-68518519", email: "Wang@Example.cn")).CreatedAsync()).Id();

        await _centre.EnrolAsync(course, TrainingApi.Teacher(phone: "010-68518519"))
            .ProblemAsync(HttpStatusCode.Conflict, "already_enrolled");
        await _centre.EnrolAsync(course, TrainingApi.Teacher(email: "wang@example.CN"))
            .ProblemAsync(HttpStatusCode.Conflict, "already_enrolled");

        await _centre.PostAsync($"/api/v1/enrolments/{first}/cancellation", null).OkAsync();
        await _centre.EnrolAsync(course, TrainingApi.Teacher(phone: "010-68518519", email: "wang@example.cn")).CreatedAsync();
    }

    [Fact]
    public async Task Cancelling_a_waitlisted_enrolment_promotes_no_one_and_moves_the_line_up()
    {
        var course = await _centre.OpenCourseAsync(TrainingApi.Course(service.Clock.GetUtcNow(), capacity: 1));
        var seated = (await _centre.EnrolAsync(course, TrainingApi.Teacher()).CreatedAsync()).Id();
        var second = await _centre.EnrolAsync(course, TrainingApi.Teacher()).CreatedAsync();
        var third = (await _centre.EnrolAsync(course, TrainingApi.Teacher()).CreatedAsync()).Id();
        Assert.Equal(("waitlisted", 1), (second.Status(), second.GetProperty("waitlistPosition").GetInt32()));

        await _centre.PostAsync($"/api/v1/enrolments/{second.Id()}/cancellation", null).OkAsync();

        Assert.Equal("enrolled", (await _centre.GetAsync($"/api/v1/enrolments/{seated}").OkAsync()).Status());
        var now = await _centre.GetAsync($"/api/v1/enrolments/{third}").OkAsync();
        Assert.Equal(("waitlisted", 1), (now.Status(), now.GetProperty("waitlistPosition").GetInt32()));
        await _centre.PostAsync($"/api/v1/enrolments/{second.Id()}/cancellation", null).ProblemAsync(HttpStatusCode.Conflict, "invalid_state");
    }

    [Fact]
    public async Task Ten_parallel_cancellations_of_one_seat_cancel_it_once_and_promote_exactly_one_teacher()
    {
        var course = await _centre.OpenCourseAsync(TrainingApi.Course(service.Clock.GetUtcNow(), capacity: 1));
        var seated = (await _centre.EnrolAsync(course, TrainingApi.Teacher()).CreatedAsync()).Id();
        var first = (await _centre.EnrolAsync(course, TrainingApi.Teacher()).CreatedAsync()).Id();
        var second = (await _centre.EnrolAsync(course, TrainingApi.Teacher()).CreatedAsync()).Id();

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            service.ClientFor(Actors.Centre).PostAsJsonAsync($"/api/v1/enrolments/{seated}/cancellation", new { reason = "工作调动" })));

        // Each later cancellation waits for the seat ledger and then sees the enrolment cancelled.
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
            await Task.FromResult(refused).ProblemAsync(HttpStatusCode.Conflict, "invalid_state");
        Assert.Equal("enrolled", (await _centre.GetAsync($"/api/v1/enrolments/{first}").OkAsync()).Status());
        var still = await _centre.GetAsync($"/api/v1/enrolments/{second}").OkAsync();
        Assert.Equal(("waitlisted", 1), (still.Status(), still.GetProperty("waitlistPosition").GetInt32()));
        var counts = await _centre.GetAsync($"/api/v1/courses/{course}").OkAsync();
        Assert.Equal((1, 1, 0), (counts.GetProperty("enrolled").GetInt32(), counts.GetProperty("waitlisted").GetInt32(),
            counts.GetProperty("seatsLeft").GetInt32()));
    }

    [Fact]
    public async Task The_Kechuang_Training_meter_counts_admissions_by_outcome_and_promotions_and_nothing_for_a_refused_write()
    {
        using var counted = new OwnMeasurements(TrainingMetrics.Name);
        var course = await _centre.OpenCourseAsync(TrainingApi.Course(service.Clock.GetUtcNow(), capacity: 1));
        var seated = (await _centre.EnrolAsync(course, TrainingApi.Teacher()).CreatedAsync()).Id();
        await _centre.EnrolAsync(course, TrainingApi.Teacher()).CreatedAsync();
        using var stale = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/enrolments/{seated}/cancellation");
        stale.Headers.TryAddWithoutValidation("If-Match", "\"4\"");
        await _centre.SendAsync(stale).ProblemAsync(HttpStatusCode.PreconditionFailed, "precondition_failed");
        Assert.Equal(0, counted.Of("kechuang.training.promotions"));

        await _centre.PostAsync($"/api/v1/enrolments/{seated}/cancellation", null).OkAsync();

        // Exactly this test's writes, counted from what committed, whatever runs in parallel meanwhile.
        Assert.Equal(1, counted.Of("kechuang.training.enrolments", "outcome", "enrolled"));
        Assert.Equal(1, counted.Of("kechuang.training.enrolments", "outcome", "waitlisted"));
        Assert.Equal(1, counted.Of("kechuang.training.promotions"));
    }

    [Fact]
    public async Task Every_page_of_a_list_reports_the_whole_total_a_page_past_the_end_too()
    {
        var course = await _centre.OpenCourseAsync(TrainingApi.Course(service.Clock.GetUtcNow(), capacity: 5));
        for (var i = 0; i < 3; i++) await _centre.EnrolAsync(course, TrainingApi.Teacher()).CreatedAsync();

        foreach (var (page, items) in new[] { (1, 2), (2, 1), (3, 0) })
        {
            var list = await _centre.GetAsync($"/api/v1/courses/{course}/enrolments?pageSize=2&page={page}").OkAsync();
            Assert.Equal((items, 3, page), (list.GetProperty("items").GetArrayLength(), list.GetProperty("total").GetInt32(),
                list.GetProperty("page").GetInt32()));
        }
    }

    [Fact]
    public async Task Cancelling_with_a_stale_etag_is_a_412_and_changes_nothing()
    {
        var course = await _centre.OpenCourseAsync(TrainingApi.Course(service.Clock.GetUtcNow(), capacity: 1));
        var seated = (await _centre.EnrolAsync(course, TrainingApi.Teacher()).CreatedAsync()).Id();
        var waiting = (await _centre.EnrolAsync(course, TrainingApi.Teacher()).CreatedAsync()).Id();

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/enrolments/{seated}/cancellation");
        request.Headers.TryAddWithoutValidation("If-Match", "\"4\"");
        await _centre.SendAsync(request).ProblemAsync(HttpStatusCode.PreconditionFailed, "precondition_failed");

        Assert.Equal("enrolled", (await _centre.GetAsync($"/api/v1/enrolments/{seated}").OkAsync()).Status());
        Assert.Equal("waitlisted", (await _centre.GetAsync($"/api/v1/enrolments/{waiting}").OkAsync()).Status());
    }

    [Fact]
    public async Task No_enrolment_after_the_deadline()
    {
        var course = await _centre.OpenCourseAsync(TrainingApi.Course(service.Clock.GetUtcNow()));
        service.Clock.Advance(TimeSpan.FromDays(6) + TimeSpan.FromMinutes(1));

        await _centre.EnrolAsync(course, TrainingApi.Teacher()).ProblemAsync(HttpStatusCode.UnprocessableEntity, "enrolment_closed");
        Assert.False((await _centre.GetAsync($"/api/v1/courses/{course}").OkAsync()).GetProperty("enrolmentOpen").GetBoolean());
    }

    [Fact]
    public async Task No_enrolment_in_a_course_that_is_not_published_or_does_not_exist()
    {
        var course = (await _centre.PostAsJsonAsync("/api/v1/courses", TrainingApi.Course(service.Clock.GetUtcNow())).CreatedAsync()).Id();
        await _centre.EnrolAsync(course, TrainingApi.Teacher()).ProblemAsync(HttpStatusCode.Conflict, "invalid_state");
        await _centre.EnrolAsync(Guid.NewGuid(), TrainingApi.Teacher()).ProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_school_sees_and_cancels_the_enrolments_it_made_others_do_not_see_them()
    {
        var course = await _centre.OpenCourseAsync(TrainingApi.Course(service.Clock.GetUtcNow()));
        var school = service.ClientFor(Actors.School("甘肃省"));
        var id = (await school.EnrolAsync(course, TrainingApi.Teacher()).CreatedAsync()).Id();

        await school.GetAsync($"/api/v1/enrolments/{id}").OkAsync();
        await service.ClientFor(Actors.School("甘肃省")).GetAsync($"/api/v1/enrolments/{id}").ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await service.ClientFor(Actors.Province("北京市")).GetAsync($"/api/v1/enrolments/{id}").ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await service.ClientFor(Actors.Province("甘肃省")).GetAsync($"/api/v1/enrolments/{id}").OkAsync();
        await service.ClientFor(Actors.Province("北京市")).EnrolAsync(course, TrainingApi.Teacher(province: "甘肃省"))
            .ProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await service.ClientFor(Actors.Reader).EnrolAsync(course, TrainingApi.Teacher()).ProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        await service.ClientFor(Actors.School("甘肃省")).PostAsync($"/api/v1/enrolments/{id}/cancellation", null)
            .ProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal("cancelled", (await school.PostAsync($"/api/v1/enrolments/{id}/cancellation", null).OkAsync()).Status());
    }

    [Fact]
    public async Task Bad_teacher_input_is_a_400_with_every_field_error_and_nothing_is_stored()
    {
        var course = await _centre.OpenCourseAsync(TrainingApi.Course(service.Clock.GetUtcNow()));
        var problem = await _centre.EnrolAsync(course, new { name = "", school = "", province = "火星省", phone = "12345", email = "not-an-email" })
            .ProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        foreach (var field in new[] { "teacher.name", "teacher.school", "teacher.province", "teacher.city", "teacher.county", "teacher.rural", "teacher.phone", "teacher.email" })
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"an error for {field}");

        await _centre.PostAsJsonAsync($"/api/v1/courses/{course}/enrolments", new { })
            .ProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await _centre.PostAsync($"/api/v1/courses/{course}/enrolments", new StringContent("{\"teacher\": {\"rural\": \"yes\"}}", Encoding.UTF8, "application/json"))
            .ProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        var list = await _centre.GetFromJsonAsync<JsonElement>($"/api/v1/courses/{course}/enrolments");
        Assert.Equal(0, list.GetProperty("total").GetInt32());
        Assert.Equal(0, (await _centre.GetAsync($"/api/v1/courses/{course}").OkAsync()).GetProperty("enrolled").GetInt32());
    }
}
