using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace Kechuang.EndToEnd.Tests;

/// <summary>The gateway in front of the real services: access, scope, idempotency, the contract.</summary>
public sealed class GatewayJourneyTests(SystemFixture system)
{
    private static object Call(string title) => new
    {
        title,
        year = 2026,
        kinds = new[] { "pilot-unit", "pilot-city" },
        opensAt = DateTimeOffset.UtcNow.AddDays(-1),
        deadline = DateTimeOffset.UtcNow.AddDays(30),
    };

    [Fact]
    public async Task Without_a_key_a_service_route_is_401_and_a_school_key_on_a_centre_action_is_403()
    {
        var anonymous = await system.Gateway.PostAsJsonAsync("/api/v1/calls", Call("无钥匙"));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        var school = await system.ClientAsync("school", "北京市");
        var forbidden = await school.PostAsJsonAsync("/api/v1/calls", Call("学校不能开批次"));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal("forbidden", (await forbidden.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_100_000_character_query_is_answered_with_a_414_problem_for_each_of_parallel_callers_never_a_dropped_connection()
    {
        var client = await system.ClientAsync("admin", name: "long request lines");
        var path = "/api/v1/applications?status=" + new string('x', 100_000);
        var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => client.GetAsync(path)));
        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.RequestUriTooLong, response.StatusCode);
            Assert.Equal("uri_too_long", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/applications?pageSize=1")).StatusCode);

        // A target of exactly 8 KiB is forwarded and reaches the service whole (its answer, not the gateway's).
        var longest = "/api/v1/applications?pageSize=1&q=";
        longest += new string('x', 8 * 1024 - longest.Length);
        var forwarded = await client.GetAsync(longest);
        Assert.True(forwarded.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{forwarded.StatusCode}");
        Assert.NotEqual("uri_too_long", (await forwarded.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("code", out var code) ? code.GetString() : null);
        Assert.Equal(HttpStatusCode.RequestUriTooLong, (await client.GetAsync(longest + "x")).StatusCode);
    }

    [Fact]
    public async Task A_revoked_key_is_refused_by_the_gateway()
    {
        using var admin = system.AdminClient();
        var created = await (await admin.PostAsJsonAsync("/api/v1/api-keys", new { name = "to revoke", role = "reader" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var client = system.Gateway;
        using var withKey = new HttpRequestMessage(HttpMethod.Get, "/api/v1/calls");
        withKey.Headers.Add("X-Api-Key", created.GetProperty("key").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(withKey)).StatusCode);

        await admin.DeleteAsync($"/api/v1/api-keys/{created.GetProperty("id").GetGuid()}");

        using var again = new HttpRequestMessage(HttpMethod.Get, "/api/v1/calls");
        again.Headers.Add("X-Api-Key", created.GetProperty("key").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(again)).StatusCode);
    }

    [Fact]
    public async Task An_expert_staff_account_signs_in_and_the_service_knows_which_expert_it_is()
    {
        var centre = await system.ClientAsync("centre");
        var registered = await centre.PostAsJsonAsync("/api/v1/experts", new
        {
            name = "周志远", affiliation = "兰州大学", title = "教授", disciplines = new[] { "物理学" }, topics = new[] { "physics" },
            provinces = new[] { "甘肃省" }, phone = "0931-8912346", email = "zhou.zy@lzu.example.cn", bio = "长期参与科技教师培训。",
            maxVisitsPerMonth = 2, trainer = true,
        });
        var expertId = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        async Task<JsonElement> ReadAs(string role, Guid ownExpertId)
        {
            var username = $"{role}.{Guid.NewGuid():N}"[..20];
            using var admin = system.AdminClient();
            var created = await admin.PostAsJsonAsync("/api/v1/users", new { username, password = "e2e staff password", role, expertId = ownExpertId });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var token = await (await system.Gateway.PostAsJsonAsync("/api/v1/auth/token", new { username, password = "e2e staff password" }))
                .Content.ReadFromJsonAsync<JsonElement>();
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/experts/{expertId}");
            request.Headers.Authorization = new("Bearer", token.GetProperty("accessToken").GetString());
            var response = await system.Gateway.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }

        // The expert's own contact details are shown to it only: the service read its expert id from the staff token.
        Assert.Equal("0931-8912346", (await ReadAs("expert", expertId)).GetProperty("phone").GetString());
        Assert.Equal("0931-8912346", (await ReadAs("trainer", expertId)).GetProperty("phone").GetString());
        Assert.False((await ReadAs("expert", Guid.NewGuid())).TryGetProperty("phone", out _));
    }

    [Fact]
    public async Task Two_simultaneous_posts_with_one_Idempotency_Key_create_one_record_with_identical_answers()
    {
        var centre = await system.ClientAsync("centre");
        var title = $"幂等批次 {Guid.NewGuid():N}";
        var key = Guid.NewGuid().ToString();
        var body = Call(title);
        HttpRequestMessage Post()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/calls") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", key);
            return request;
        }

        var responses = await Task.WhenAll(centre.SendAsync(Post()), centre.SendAsync(Post()));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        Assert.Equal(bodies[0], bodies[1]);
        var calls = await centre.GetFromJsonAsync<JsonElement>("/api/v1/calls?pageSize=200");
        Assert.Single(calls.GetProperty("items").EnumerateArray(), c => c.GetProperty("title").GetString() == title);
    }

    [Fact]
    public async Task A_service_called_around_the_gateway_accepts_no_partner_key()
    {
        using var admin = system.AdminClient();
        var created = await (await admin.PostAsJsonAsync("/api/v1/api-keys", new { name = "direct", role = "centre" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        using var direct = system.ServiceClient("applications");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/calls");
        request.Headers.Add("X-Api-Key", created.GetProperty("key").GetString());

        Assert.Equal(HttpStatusCode.Unauthorized, (await direct.SendAsync(request)).StatusCode);
    }

    private async Task<(Guid Id, string ETag)> BeijingApplicationAsync()
    {
        var centre = await system.ClientAsync("centre");
        var call = await (await centre.PostAsJsonAsync("/api/v1/calls", Call($"范围批次 {Guid.NewGuid():N}"))).Content.ReadFromJsonAsync<JsonElement>();
        var unit = await system.ClientAsync("unit", organizationId: Guid.NewGuid());
        var created = await unit.PostAsJsonAsync("/api/v1/applications", Application(call.GetProperty("id").GetGuid(), "北京市朝阳区科技馆"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        return (id, created.Headers.ETag!.Tag);
    }

    private static object Application(Guid callId, string name) => new
    {
        callId,
        kind = "pilot-unit",
        applicant = new
        {
            name,
            type = "science-museum",
            province = "北京市",
            city = "北京市",
            county = "朝阳区",
            address = "北京市朝阳区北辰东路5号",
            contactName = "刘老师",
            phone = "13800138000",
            email = "museum@example.cn",
        },
        trackRecord = "科普场馆2018—2021年接待中小学生研学活动。",
        workPlan = "送展览进校园，开发课后服务科学课程。",
    };

    [Fact]
    public async Task A_province_key_reading_another_provinces_application_gets_404()
    {
        var (id, _) = await BeijingApplicationAsync();

        var guangdong = await system.ClientAsync("province", "广东省");
        var hidden = await guangdong.GetAsync($"/api/v1/applications/{id}");
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal("not_found", (await hidden.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        var beijing = await system.ClientAsync("province", "北京市");
        Assert.Equal(HttpStatusCode.OK, (await beijing.GetAsync($"/api/v1/applications/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_state_change_with_a_stale_If_Match_is_412()
    {
        var centre = await system.ClientAsync("centre");
        var call = await (await centre.PostAsJsonAsync("/api/v1/calls", Call($"版本批次 {Guid.NewGuid():N}"))).Content.ReadFromJsonAsync<JsonElement>();
        var unit = await system.ClientAsync("unit", organizationId: Guid.NewGuid());
        var created = await unit.PostAsJsonAsync("/api/v1/applications", Application(call.GetProperty("id").GetGuid(), "北京市第八中学"));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var firstVersion = created.Headers.ETag!.Tag;

        using var edit = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/applications/{id}")
        {
            Content = JsonContent.Create(Application(call.GetProperty("id").GetGuid(), "北京市第八中学（修订）")),
        };
        edit.Headers.TryAddWithoutValidation("If-Match", firstVersion);
        Assert.Equal(HttpStatusCode.OK, (await unit.SendAsync(edit)).StatusCode);

        using var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/applications/{id}")
        {
            Content = JsonContent.Create(Application(call.GetProperty("id").GetGuid(), "北京市第八中学（过期的修改）")),
        };
        stale.Headers.TryAddWithoutValidation("If-Match", firstVersion);
        var refused = await unit.SendAsync(stale);
        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        Assert.Equal("precondition_failed", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    /// <summary>Every route of ../shared/API.md (API v1), as method and path template.</summary>
    private static readonly string[] ContractRoutes =
    [
        "POST /api-keys", "GET /api-keys", "DELETE /api-keys/{id}", "POST /users", "POST /auth/token",
        "POST /webhooks", "GET /webhooks/{id}/deliveries", "GET /events",
        "POST /calls", "GET /calls", "GET /calls/{id}",
        "POST /applications", "PUT /applications/{id}", "PUT /applications/{id}/seal-scan", "GET /applications/{id}/seal-scan",
        "POST /applications/{id}/submit", "POST /applications/{id}/recommendation", "POST /applications/{id}/reviews",
        "POST /applications/{id}/designation", "GET /applications", "GET /applications/{id}", "GET /applications/export",
        "GET /applications/{id}/history", "GET /pilots", "POST /experience-reports", "POST /experience-reports/{id}/publish",
        "GET /experience-reports", "POST /commendations", "GET /commendations",
        "POST /experts", "POST /experts/{id}/vetting", "PUT /experts/{id}/availability", "POST /visit-requests",
        "GET /visit-requests/{id}/candidates", "POST /visit-requests/{id}/assignment", "POST /visit-requests/{id}/acceptance",
        "POST /visit-requests/{id}/cancellation", "POST /visit-requests/{id}/delivery", "POST /visit-requests/{id}/feedback",
        "GET /experts", "GET /experts/{id}", "GET /experts/{id}/schedule", "GET /experts/{id}/hours",
        "POST /resources", "POST /resources/{id}/review", "POST /resources/{id}/publish", "POST /resources/{id}/feature",
        "POST /resources/{id}/unfeature", "POST /resources/{id}/archive", "GET /resources", "POST /packages",
        "POST /packages/{id}/publish", "GET /packages", "GET /packages/{id}", "POST /subscriptions", "POST /deliveries",
        "GET /deliveries", "GET /case-collections/{year}",
        "POST /training-bases", "POST /courses", "POST /courses/{id}/publish", "POST /courses/{id}/enrolments",
        "POST /enrolments/{id}/cancellation", "GET /courses/{id}/enrolments", "GET /enrolments/{id}",
        "POST /enrolments/{id}/attendance", "POST /enrolments/{id}/completion", "POST /certifications",
        "POST /certifications/{id}/assessments", "POST /certifications/{id}/decision", "GET /certificates/{code}", "GET /trainers",
        "POST /campaigns", "GET /campaigns/{id}/progress", "POST /stations", "POST /campaigns/{id}/activities", "GET /coverage",
    ];

    [Fact]
    public async Task The_merged_OpenAPI_document_lists_every_route_of_the_contract()
    {
        var document = await system.Gateway.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        Assert.False(document.TryGetProperty("x-kechuang-unavailable", out var missing), $"services without a document: {missing}");
        var paths = document.GetProperty("paths");
        // Parameter names differ between services ({id}, {applicationId}…): compare the shapes.
        static string Shape(string path) => System.Text.RegularExpressions.Regex.Replace(path, "\\{[^}]+\\}", "{}");
        var offered = paths.EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(m => $"{m.Name.ToUpperInvariant()} {Shape(p.Name)}"))
            .ToHashSet();

        var absent = ContractRoutes.Select(r => r.Split(' ')).Select(r => $"{r[0]} {Shape("/api/v1" + r[1])}")
            .Where(r => !offered.Contains(r)).ToList();
        Assert.True(absent.Count == 0, "missing from /openapi/v1.json: " + string.Join(", ", absent));
        Assert.True(document.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("ApiKey", out _));
    }
}
