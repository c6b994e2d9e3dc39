using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Security;
using Kechuang.Gateway.Access.Staff;
using Kechuang.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Xunit;

namespace Kechuang.Gateway.Tests;

/// <summary>Keys and staff accounts carry the scope their role needs, and the services receive it.</summary>
public sealed class ScopeTests(StubbedGateway gateway) : IClassFixture<StubbedGateway>
{
    [Theory]
    [InlineData("/api/v1/api-keys", "{\"name\": \"x\", \"role\": \"trainer\"}", "expertId")]
    [InlineData("/api/v1/api-keys", "{\"name\": \"x\", \"role\": \"school\", \"expertId\": \"6f1c1a2e-0000-4000-8000-000000000001\"}", "expertId")]
    [InlineData("/api/v1/api-keys", "{\"name\": \"x\", \"role\": \"centre\", \"organizationId\": \"6f1c1a2e-0000-4000-8000-000000000001\"}", "organizationId")]
    [InlineData("/api/v1/users", "{\"username\": \"u.trainer\", \"password\": \"long enough password\", \"role\": \"trainer\"}", "expertId")]
    [InlineData("/api/v1/users", "{\"username\": \"u.expert\", \"password\": \"long enough password\", \"role\": \"expert\"}", "expertId")]
    [InlineData("/api/v1/users", "{\"username\": \"u.province\", \"password\": \"long enough password\", \"role\": \"province\"}", "province")]
    [InlineData("/api/v1/users", "{\"username\": \"u.reader\", \"password\": \"long enough password\", \"role\": \"reader\", \"province\": \"加州\"}", "province")]
    [InlineData("/api/v1/users", "{\"username\": \"u.unit\", \"password\": \"long enough password\", \"role\": \"unit\", \"expertId\": \"6f1c1a2e-0000-4000-8000-000000000001\"}", "expertId")]
    [InlineData("/api/v1/users", "{\"username\": \"u.centre\", \"password\": \"long enough password\", \"role\": \"centre\", \"organizationId\": \"6f1c1a2e-0000-4000-8000-000000000001\"}", "organizationId")]
    public async Task A_key_or_account_without_the_scope_its_role_needs_is_a_400_and_nothing_is_created(string route, string json, string field)
    {
        var before = (await gateway.Admin().GetFromJsonAsync<JsonElement>(route)).GetProperty("total").GetInt64();
        var response = await gateway.Admin().PostAsync(route, new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal(before, (await gateway.Admin().GetFromJsonAsync<JsonElement>(route)).GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task A_school_account_without_an_organisation_is_given_one_of_its_own()
    {
        var (id, _) = await gateway.CreateUserAsync("school", "云南省");
        var (other, _) = await gateway.CreateUserAsync("school", "云南省");
        Guid Organisation(JsonElement u) => u.GetProperty("organizationId").GetGuid();
        var first = Organisation(await gateway.Admin().GetFromJsonAsync<JsonElement>($"/api/v1/users/{id}"));
        Assert.NotEqual(first, Organisation(await gateway.Admin().GetFromJsonAsync<JsonElement>($"/api/v1/users/{other}")));
    }

    /// <summary>The identity the gateway forwarded with the last request that reached a service.</summary>
    private async Task<Actor> ForwardedAsync(HttpClient caller)
    {
        var path = $"/api/v1/courses/{Guid.NewGuid()}";
        Assert.Equal(HttpStatusCode.OK, (await caller.GetAsync(path)).StatusCode);
        var forwarded = gateway.Stub.Calls.Single(c => c.Path == path).Authorization!;
        var principal = await new InternalIdentity(ServiceFactory<GatewayExtensions.Marker>.SigningKey).ValidateAsync(forwarded["Bearer ".Length..]);
        return Actor.FromPrincipal(principal!)!;
    }

    [Fact]
    public async Task A_trainer_accounts_expert_id_and_province_travel_from_sign_in_to_the_services()
    {
        var expertId = Guid.NewGuid();
        var (_, username) = await gateway.CreateUserAsync("trainer", "甘肃省", expertId: expertId);
        var signIn = await (await gateway.CreateClient().SignInAsync(username)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(expertId, signIn.GetProperty("expertId").GetGuid());

        var actor = await ForwardedAsync(gateway.WithToken(signIn.GetProperty("accessToken").GetString()!));
        Assert.Equal((Roles.Trainer, "甘肃省", (Guid?)expertId), (actor.Role, actor.Province, actor.ExpertId));
    }

    [Fact]
    public async Task A_school_accounts_organisation_travels_to_the_services()
    {
        var organization = Guid.NewGuid();
        var (_, username) = await gateway.CreateUserAsync("school", "贵州省", organizationId: organization);
        var actor = await ForwardedAsync(gateway.WithToken(await gateway.TokenAsync(username)));
        Assert.Equal((Roles.School, "贵州省", (Guid?)organization), (actor.Role, actor.Province, actor.OrganizationId));
    }

    [Fact]
    public async Task A_trainer_keys_expert_id_travels_to_the_services()
    {
        var expertId = Guid.NewGuid();
        var actor = await ForwardedAsync(gateway.WithKey(await gateway.CreateKeyAsync("trainer", expertId: expertId)));
        Assert.Equal((Roles.Trainer, (Guid?)expertId), (actor.Role, actor.ExpertId));
    }

    [Fact]
    public async Task A_staff_token_carries_the_accounts_whole_actor_and_its_stamp_and_nothing_else()
    {
        var account = new StaffUser(Guid.NewGuid(), "周老师", "hash", Roles.Trainer, "新疆维吾尔自治区", DateTimeOffset.UtcNow, "admin",
            Guid.NewGuid(), Guid.NewGuid(), StaffUser.NewSecurityStamp());
        gateway.Services.GetRequiredService<AccountStamps>().Changed(account);
        var tokens = gateway.Services.GetRequiredService<StaffTokens>();

        var token = tokens.Issue(account, DateTimeOffset.UtcNow);

        Assert.Equal(account.ToActor(), await tokens.ValidateAsync(token, TestContext.Current.CancellationToken));
        var expected = account.ToActor().ToClaims().Select(c => (c.Type, c.Value)).Append((StaffTokens.StampClaim, account.SecurityStamp));
        Assert.Equal(expected.Order(), new JsonWebToken(token).Claims
            .Where(c => c.Type is not ("iss" or "aud" or "iat" or "nbf" or "exp")).Select(c => (c.Type, c.Value)).Order());
    }
}
