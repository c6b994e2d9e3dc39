using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Kechuang.BuildingBlocks.Security;
using Kechuang.TestKit;
using Xunit;

namespace Kechuang.Gateway.Tests;

public sealed class AccessTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private async Task<(Guid Id, string Key)> CreateKey(string role, string? province = null, string? name = null)
    {
        var response = await gateway.Admin().PostAsJsonAsync("/api/v1/api-keys", new { name = name ?? $"{role} key", role, province });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("id").GetGuid(), body.GetProperty("key").GetString()!);
    }

    [Fact]
    public async Task A_request_without_a_key_is_401_and_with_an_unknown_key_too()
    {
        var anonymous = await gateway.CreateClient().GetAsync("/api/v1/event-types");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("unauthenticated", (await anonymous.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        var unknown = await gateway.WithKey("kc_not-a-key-we-issued").GetAsync("/api/v1/event-types");
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
    }

    [Fact]
    public async Task An_admin_creates_a_key_shown_once_and_stored_only_as_a_hash()
    {
        var name = $"广东省科协 {Guid.NewGuid():N}";
        var (id, key) = await CreateKey("province", "广东省", name);
        Assert.StartsWith("kc_", key);

        var works = await gateway.WithKey(key).GetAsync("/api/v1/event-types");
        Assert.Equal(HttpStatusCode.OK, works.StatusCode);

        var listed = await gateway.Admin().GetStringAsync("/api/v1/api-keys?pageSize=200");
        Assert.Contains(name, listed);
        Assert.DoesNotContain(key, listed);
        var one = await gateway.Admin().GetFromJsonAsync<JsonElement>($"/api/v1/api-keys/{id}");
        Assert.False(one.TryGetProperty("key", out _));
        Assert.Equal("广东省", one.GetProperty("province").GetString());
    }

    [Fact]
    public async Task Only_an_admin_manages_keys()
    {
        var (_, centre) = await CreateKey("centre");
        var response = await gateway.WithKey(centre).PostAsJsonAsync("/api/v1/api-keys", new { name = "x", role = "admin" });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("forbidden", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_revoked_key_is_refused_at_once()
    {
        var (id, key) = await CreateKey("reader");
        Assert.Equal(HttpStatusCode.OK, (await gateway.WithKey(key).GetAsync("/api/v1/event-types")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await gateway.Admin().DeleteAsync($"/api/v1/api-keys/{id}")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await gateway.WithKey(key).GetAsync("/api/v1/event-types")).StatusCode);
        var view = await gateway.Admin().GetFromJsonAsync<JsonElement>($"/api/v1/api-keys/{id}");
        Assert.Equal("revoked", view.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("{\"name\": \"x\", \"role\": \"superuser\"}", "role")]
    [InlineData("{\"name\": \"x\", \"role\": \"province\"}", "province")]
    [InlineData("{\"name\": \"x\", \"role\": \"province\", \"province\": \"加州\"}", "province")]
    [InlineData("{\"name\": \"x\", \"role\": \"expert\"}", "expertId")]
    [InlineData("{\"role\": \"reader\"}", "name")]
    public async Task A_key_request_that_is_not_valid_is_a_400_and_creates_nothing(string json, string field)
    {
        var before = (await gateway.Admin().GetFromJsonAsync<JsonElement>("/api/v1/api-keys")).GetProperty("total").GetInt64();
        var response = await gateway.Admin().PostAsync("/api/v1/api-keys", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
        var after = (await gateway.Admin().GetFromJsonAsync<JsonElement>("/api/v1/api-keys")).GetProperty("total").GetInt64();
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Staff_sign_in_with_a_password_and_get_a_short_lived_token()
    {
        var username = $"zhang.{Guid.NewGuid():N}"[..20];
        var created = await gateway.Admin().PostAsJsonAsync("/api/v1/users",
            new { username, password = "correct horse battery", role = "province", province = "四川省" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var token = await gateway.CreateClient().PostAsJsonAsync("/api/v1/auth/token", new { username, password = "correct horse battery" });
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        var body = await token.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("expiresIn").GetInt32() <= 3600);
        var accessToken = body.GetProperty("accessToken").GetString()!;

        var staff = gateway.CreateClient();
        staff.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/api/v1/event-types")).StatusCode);

        // The staff token is for the gateway only: a service refuses it.
        Assert.Null(await new InternalIdentity(ServiceFactory<GatewayExtensions.Marker>.SigningKey).ValidateAsync(accessToken));

        var duplicate = await gateway.Admin().PostAsJsonAsync("/api/v1/users",
            new { username = username.ToUpperInvariant(), password = "another long password", role = "centre" });
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
    }

    [Fact]
    public async Task Repeated_failed_sign_ins_lock_the_account()
    {
        var username = $"li.{Guid.NewGuid():N}"[..20];
        await gateway.Admin().PostAsJsonAsync("/api/v1/users", new { username, password = "the right password", role = "centre" });
        var anonymous = gateway.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            var wrong = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { username, password = $"wrong {i}" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.Equal("invalid_credentials", (await wrong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }

        var locked = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { username, password = "the right password" });
        Assert.Equal((HttpStatusCode)423, locked.StatusCode);
        Assert.Equal("account_locked", (await locked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.NotNull(locked.Headers.RetryAfter);

        gateway.Clock.Advance(TimeSpan.FromMinutes(16));
        var again = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { username, password = "the right password" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Theory]
    [InlineData("{\"username\": \"ab\", \"password\": \"long enough password\", \"role\": \"centre\"}", "username")]
    [InlineData("{\"username\": \"wang.wu\", \"password\": \"short\", \"role\": \"centre\"}", "password")]
    [InlineData("{\"username\": \"wang.wu\", \"password\": \"long enough password\", \"role\": \"province\"}", "province")]
    public async Task A_staff_account_that_is_not_valid_is_a_400(string json, string field)
    {
        var response = await gateway.Admin().PostAsync("/api/v1/users", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
    }
}
