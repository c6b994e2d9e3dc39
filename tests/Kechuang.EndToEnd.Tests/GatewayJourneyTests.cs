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
}
