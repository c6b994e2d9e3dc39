using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kechuang.TestKit;
using Xunit;

namespace Kechuang.EndToEnd.Tests;

/// <summary>
/// A teacher-training journey through the gateway with partner keys: an expert vetted as trainer
/// in the Experts service joins Training's trainer pool; a base and a course taught by them; two
/// teachers for one seat; a cancellation that promotes the waitlisted one; the trainer keeps
/// attendance; completion; the certificate verified by anyone without a key.
/// </summary>
public sealed class TrainingJourneyTests(SystemFixture system)
{
    [Fact]
    public async Task A_waitlisted_teacher_takes_the_freed_seat_completes_the_course_and_anyone_verifies_the_certificate()
    {
        var centre = await system.ClientAsync("centre");
        var school = await system.ClientAsync("school", province: "甘肃省", organizationId: Guid.NewGuid());

        // 教师培训资源专家库: an expert registered with the trainer flag and approved in Experts.
        var trainerId = await CreatedId(centre.PostAsJsonAsync("/api/v1/experts", new
        {
            name = "周明远", affiliation = "兰州大学物理科学与技术学院", title = "教授", category = "university-teacher",
            disciplines = new[] { "物理学" }, topics = new[] { "physics", "science-investigation" }, provinces = new[] { "甘肃省" },
            phone = "0931-8912345", email = "zhou@lzu.example.cn", bio = "长期参与科技教师培训。", maxVisitsPerMonth = 2, trainer = true,
        }));
        await Ok(centre.PostAsJsonAsync($"/api/v1/experts/{trainerId}/vetting", new { decision = "approve", comment = "同意入库" }));
        await Eventually.True(async () => (await centre.GetFromJsonAsync<JsonElement>("/api/v1/trainers?pageSize=200"))
            .GetProperty("items").EnumerateArray().Any(t => t.GetProperty("expertId").GetGuid() == trainerId),
            because: "Training hears of the vetting over RabbitMQ");
        var trainer = await system.ClientAsync("expert", expertId: trainerId);

        var baseId = await CreatedId(centre.PostAsJsonAsync("/api/v1/training-bases", new
        {
            name = "兰州大学科技教师培训实践基地", kind = "university", province = "甘肃省", city = "兰州市", address = "城关区天水南路222号",
        }));
        // The course takes place within the test: enrolment closes 20 s from now, a one-second
        // session follows and then the last one, so attendance waits for the clock (and is refused before).
        var now = DateTimeOffset.UtcNow;
        var starts = new[] { now.AddSeconds(20), now.AddSeconds(22) };
        var courseId = await CreatedId(centre.PostAsJsonAsync("/api/v1/courses", new
        {
            title = "送培到基层：科学探究与实践",
            area = "activity-guidance",
            mode = "offline",
            baseId,
            trainerIds = new[] { trainerId },
            capacity = 1,
            sessions = new[]
            {
                new { start = starts[0], end = starts[0].AddSeconds(1) },
                new { start = starts[1], end = starts[1].AddHours(3) },
            },
            rural = true,
            enrolmentDeadline = now.AddSeconds(20),
        }));
        Assert.Equal("open", (await Ok(centre.PostAsync($"/api/v1/courses/{courseId}/publish", null))).GetProperty("status").GetString());

        var first = await Body(school.PostAsJsonAsync($"/api/v1/courses/{courseId}/enrolments", new { teacher = Teacher("赵老师", "13993100001") }), HttpStatusCode.Created);
        var second = await Body(school.PostAsJsonAsync($"/api/v1/courses/{courseId}/enrolments", new { teacher = Teacher("钱老师", "13993100002") }), HttpStatusCode.Created);
        Assert.Equal("enrolled", first.GetProperty("status").GetString());
        Assert.Equal(("waitlisted", 1), (second.GetProperty("status").GetString(), second.GetProperty("waitlistPosition").GetInt32()));

        await Ok(school.PostAsJsonAsync($"/api/v1/enrolments/{first.GetProperty("id").GetGuid()}/cancellation", new { reason = "另有教学任务" }));
        var promoted = second.GetProperty("id").GetGuid();
        Assert.Equal("enrolled", (await Ok(school.GetAsync($"/api/v1/enrolments/{promoted}"))).GetProperty("status").GetString());

        var early = await Problem(trainer.PostAsJsonAsync($"/api/v1/enrolments/{promoted}/attendance", new { session = 0, present = true }));
        Assert.Equal("session_not_started", early);
        await Until(starts[1]);
        await Ok(trainer.PostAsJsonAsync($"/api/v1/enrolments/{promoted}/attendance", new { session = 0, present = true }));
        await Ok(trainer.PostAsJsonAsync($"/api/v1/enrolments/{promoted}/attendance", new { session = 1, present = true }));
        var completed = await Ok(trainer.PostAsync($"/api/v1/enrolments/{promoted}/completion", null));
        Assert.Equal("completed", completed.GetProperty("status").GetString());
        var code = completed.GetProperty("certificateCode").GetString();

        var certificate = await Ok(system.Gateway.GetAsync($"/api/v1/certificates/{code}"));
        Assert.Equal(("钱老师", "course-completion", true), (certificate.GetProperty("holder").GetString(),
            certificate.GetProperty("kind").GetString(), certificate.GetProperty("valid").GetBoolean()));
        var madeUp = await system.Gateway.GetAsync("/api/v1/certificates/KC-2222-3333-4444-5555-6666");
        Assert.Equal(HttpStatusCode.NotFound, madeUp.StatusCode);
    }

    private static object Teacher(string name, string phone) => new
    {
        name, school = "临洮县第二中学", province = "甘肃省", city = "定西市", county = "临洮县", rural = true, phone,
        email = $"{phone}@example.cn",
    };

    private static async Task<Guid> CreatedId(Task<HttpResponseMessage> request) =>
        (await Body(request, HttpStatusCode.Created)).GetProperty("id").GetGuid();

    /// <summary>Waits for the clock to pass <paramref name="instant"/> (with a second to spare for the services' clocks).</summary>
    private static async Task Until(DateTimeOffset instant)
    {
        var wait = instant.AddSeconds(1) - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero) await Task.Delay(wait, TestContext.Current.CancellationToken);
    }

    private static async Task<string?> Problem(Task<HttpResponseMessage> request) =>
        (await Body(request, HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString();

    private static Task<JsonElement> Ok(Task<HttpResponseMessage> request) => Body(request, HttpStatusCode.OK);

    private static async Task<JsonElement> Body(Task<HttpResponseMessage> request, HttpStatusCode expected)
    {
        var response = await request;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }
}
