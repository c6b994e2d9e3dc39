using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kechuang.TestKit;
using Xunit;

namespace Kechuang.Training.Tests;

/// <summary>
/// A record's version is its stream's: the ETag after N writes is N, and a list shows each record at
/// the version its ETag carries, including writes another record's decision made (a promotion).
/// </summary>
public sealed class VersionTests(TrainingFactory service) : IClassFixture<TrainingFactory>
{
    private readonly HttpClient _centre = service.ClientFor(Actors.Centre);

    [Fact]
    public async Task A_waitlisted_enrolment_promoted_then_cancelled_is_at_version_3_in_its_ETag_and_in_the_course_list()
    {
        var course = await _centre.OpenCourseAsync(TrainingApi.Course(service.Clock.GetUtcNow(), capacity: 1));
        var seated = (await _centre.EnrolAsync(course, TrainingApi.Teacher("赵老师")).CreatedAsync()).Id();
        var waiting = (await _centre.EnrolAsync(course, TrainingApi.Teacher("钱老师")).CreatedAsync()).Id();

        await _centre.PostAsync($"/api/v1/enrolments/{seated}/cancellation", null).OkAsync();   // promotes the waitlisted
        await _centre.PostAsync($"/api/v1/enrolments/{waiting}/cancellation", null).OkAsync();

        var enrolments = $"/api/v1/courses/{course}/enrolments?pageSize=200";
        Assert.Equal((2, 3), (await _centre.ETagVersionAsync($"/api/v1/enrolments/{seated}"), await _centre.ETagVersionAsync($"/api/v1/enrolments/{waiting}")));
        Assert.Equal((2, 3), (await _centre.ListedVersionAsync(enrolments, seated), await _centre.ListedVersionAsync(enrolments, waiting)));
        Assert.Equal(2, await _centre.ETagVersionAsync($"/api/v1/courses/{course}"));
        Assert.Equal(2, await _centre.ListedVersionAsync("/api/v1/courses?pageSize=200", course));
    }

    [Fact]
    public async Task A_base_is_at_version_1_and_a_certification_with_assessors_at_version_2_in_ETags_and_lists()
    {
        var baseId = (await _centre.PostAsJsonAsync("/api/v1/training-bases", TrainingApi.Base("版本测试基地")).CreatedAsync()).Id();
        Assert.Equal(1, await _centre.ETagVersionAsync($"/api/v1/training-bases/{baseId}"));
        Assert.Equal(1, await _centre.ListedVersionAsync("/api/v1/training-bases?pageSize=200", baseId));

        var candidate = new { name = "孙辅导员", organization = "北京市海淀区青少年活动中心", province = "北京市", phone = "13800138000", email = "sun@example.cn" };
        var certification = (await _centre.PostAsJsonAsync("/api/v1/certifications", new { candidate, level = "primary" }).CreatedAsync()).Id();
        await _centre.PostAsJsonAsync($"/api/v1/certifications/{certification}/assessors", new { expertIds = new[] { Guid.NewGuid() } }).OkAsync();
        Assert.Equal(2, await _centre.ETagVersionAsync($"/api/v1/certifications/{certification}"));
        Assert.Equal(2, await _centre.ListedVersionAsync("/api/v1/certifications?pageSize=200", certification));
    }

    [Fact]
    public async Task A_page_of_certifications_with_their_versions_is_two_SQL_statements_and_a_page_of_courses_three()
    {
        await _centre.OpenCourseAsync(TrainingApi.Course(service.Clock.GetUtcNow()));
        var candidate = new { name = "周辅导员", organization = "北京市海淀区青少年活动中心", province = "北京市", phone = "13800138000", email = "zhou@example.cn" };
        await _centre.PostAsJsonAsync("/api/v1/certifications", new { candidate, level = "primary" }).CreatedAsync();
        using var sql = new SqlStatements();

        var (certifications, certificationStatements) = await sql.GetAsync(_centre, "/api/v1/certifications?pageSize=200");
        var (courses, courseStatements) = await sql.GetAsync(_centre, "/api/v1/courses?pageSize=200");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (certifications.StatusCode, courses.StatusCode));
        Assert.Equal(2, certificationStatements);   // the count and the page
        Assert.Equal(3, courseStatements);          // and the page's seat ledgers
    }
}
