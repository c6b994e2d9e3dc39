using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kechuang.Gateway.Idempotency;
using Xunit;

namespace Kechuang.Gateway.Tests;

/// <summary>Staff accounts an admin can stop: disable, enable, a new password; and the user's own password change.</summary>
public sealed class StaffAccountTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private static JsonContent Body(object body) => JsonContent.Create(body);

    [Fact]
    public async Task A_disabled_accounts_token_stops_at_once_and_it_cannot_sign_in_until_enabled()
    {
        var (id, username) = await gateway.CreateUserAsync("centre");
        var staff = gateway.WithToken(await gateway.TokenAsync(username));
        Assert.Equal(HttpStatusCode.OK, await staff.ProbeAsync());

        var disabled = await gateway.Admin().PostAsync($"/api/v1/users/{id}/disable", null);
        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        Assert.Equal("disabled", (await disabled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        Assert.Equal(HttpStatusCode.Unauthorized, await staff.ProbeAsync());
        var refused = await gateway.CreateClient().SignInAsync(username);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("account_disabled", await refused.CodeAsync());
        var wrong = await gateway.CreateClient().SignInAsync(username, "not the password");
        Assert.Equal("invalid_credentials", await wrong.CodeAsync());

        Assert.Equal(HttpStatusCode.OK, (await gateway.Admin().PostAsync($"/api/v1/users/{id}/enable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await staff.ProbeAsync());
        Assert.Equal(HttpStatusCode.OK, await gateway.WithToken(await gateway.TokenAsync(username)).ProbeAsync());
    }

    [Fact]
    public async Task Disabling_twice_or_enabling_an_active_account_is_an_invalid_state()
    {
        var (id, _) = await gateway.CreateUserAsync("reader");
        var enable = await gateway.Admin().PostAsync($"/api/v1/users/{id}/enable", null);
        Assert.Equal(HttpStatusCode.Conflict, enable.StatusCode);
        Assert.Equal("invalid_state", await enable.CodeAsync());

        await gateway.Admin().PostAsync($"/api/v1/users/{id}/disable", null);
        var again = await gateway.Admin().PostAsync($"/api/v1/users/{id}/disable", null);
        Assert.Equal("invalid_state", await again.CodeAsync());
    }

    [Fact]
    public async Task Two_admins_disabling_one_account_at_once_get_one_success_and_one_conflict()
    {
        var (id, _) = await gateway.CreateUserAsync("centre");
        var answers = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => gateway.Admin().PostAsync($"/api/v1/users/{id}/disable", null)));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        var loser = Assert.Single(answers, a => a.StatusCode != HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Conflict, loser.StatusCode);
        Assert.Contains(await loser.CodeAsync(), new[] { "invalid_state", "concurrency_conflict" });
        var view = await gateway.Admin().GetFromJsonAsync<JsonElement>($"/api/v1/users/{id}");
        Assert.Equal("disabled", view.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("科创筑梦助力双减好", 1)] // 9 characters
    [InlineData("🔬🔭🧪🧬🧫🦠🧲🔬🔭", 1)] // 9 characters, 18 UTF-16 units
    [InlineData("科创筑梦助力双减好呀", 0)]
    public async Task A_new_password_is_measured_in_characters(string password, int errors)
    {
        var (id, username) = await gateway.CreateUserAsync("centre");
        var reset = await gateway.Admin().PostAsync($"/api/v1/users/{id}/password", Body(new { password }));
        Assert.Equal(errors == 0 ? HttpStatusCode.OK : HttpStatusCode.BadRequest, reset.StatusCode);
        if (errors == 0) Assert.Equal(HttpStatusCode.OK, (await gateway.CreateClient().SignInAsync(username, password)).StatusCode);
        else Assert.Contains("at least 10 characters", await reset.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_password_of_200_characters_is_taken_even_when_they_are_400_UTF16_units()
    {
        var (id, username) = await gateway.CreateUserAsync("centre");
        var password = string.Concat(Enumerable.Repeat("🔬", 200));
        Assert.Equal(HttpStatusCode.OK, (await gateway.Admin().PostAsync($"/api/v1/users/{id}/password", Body(new { password }))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gateway.CreateClient().SignInAsync(username, password)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest,
            (await gateway.Admin().PostAsync($"/api/v1/users/{id}/password", Body(new { password = password + "🔭" }))).StatusCode);
    }

    [Fact]
    public async Task An_admins_new_password_ends_the_old_tokens_and_the_old_password_and_lifts_the_lock()
    {
        var (id, username) = await gateway.CreateUserAsync("province", "四川省");
        var staff = gateway.WithToken(await gateway.TokenAsync(username));
        var guesser = gateway.CreateClient();
        for (var i = 0; i < 5; i++) await guesser.SignInAsync(username, $"guess {i}");
        Assert.Equal((HttpStatusCode)423, (await guesser.SignInAsync(username)).StatusCode);

        var reset = await gateway.Admin().PostAsync($"/api/v1/users/{id}/password", Body(new { password = "a brand new password" }));
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.False((await reset.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("locked").GetBoolean());

        Assert.Equal(HttpStatusCode.Unauthorized, await staff.ProbeAsync());
        Assert.Equal("invalid_credentials", await (await guesser.SignInAsync(username)).CodeAsync());
        Assert.Equal(HttpStatusCode.OK, (await guesser.SignInAsync(username, "a brand new password")).StatusCode);
    }

    [Fact]
    public async Task Two_resets_at_once_leave_exactly_one_of_the_passwords_and_it_is_one_that_was_answered_200()
    {
        var (id, username) = await gateway.CreateUserAsync("centre");
        string[] passwords = ["first new password", "second new password"];
        var answers = await Task.WhenAll(passwords.Select(p => gateway.Admin().PostAsync($"/api/v1/users/{id}/password", Body(new { password = p }))));

        Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        var working = new List<string>();
        foreach (var password in passwords)
            if ((await gateway.CreateClient().SignInAsync(username, password)).StatusCode == HttpStatusCode.OK) working.Add(password);
        var kept = Assert.Single(working);
        Assert.Equal(HttpStatusCode.OK, answers[Array.IndexOf(passwords, kept)].StatusCode);
    }

    [Fact]
    public async Task A_user_changes_their_own_password_and_gets_a_new_token_while_every_older_token_stops()
    {
        var (_, username) = await gateway.CreateUserAsync("centre");
        var first = gateway.WithToken(await gateway.TokenAsync(username));
        var second = gateway.WithToken(await gateway.TokenAsync(username));

        var changed = await first.PostAsync("/api/v1/auth/password", Body(new { currentPassword = StaffApi.Password, newPassword = "my own new password" }));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var token = (await changed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;

        Assert.Equal(HttpStatusCode.Unauthorized, await first.ProbeAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, await second.ProbeAsync());
        Assert.Equal(HttpStatusCode.OK, await gateway.WithToken(token).ProbeAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await gateway.CreateClient().SignInAsync(username)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gateway.CreateClient().SignInAsync(username, "my own new password")).StatusCode);
    }

    [Fact]
    public async Task A_replayed_password_change_does_not_hand_out_the_token_again()
    {
        var (_, username) = await gateway.CreateUserAsync("centre");
        var key = Guid.NewGuid().ToString();
        async Task<HttpResponseMessage> Change(string token)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/password")
            {
                Content = Body(new { currentPassword = StaffApi.Password, newPassword = "replayed new password" }),
            };
            request.Headers.Add(IdempotentPosts.Header, key);
            return await gateway.WithToken(token).SendAsync(request);
        }
        var first = await Change(await gateway.TokenAsync(username));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        // The retry has to come with the new token (the old one ended): it gets the same answer without the token in it.
        var replayed = await Change((await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!);
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.Equal("true", replayed.Headers.GetValues(IdempotentPosts.ReplayedHeader).Single());
        Assert.Equal("accessToken", replayed.Headers.GetValues(SecretResponses.OmittedHeader).Single());
        Assert.False((await replayed.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("accessToken", out _));
    }

    [Fact]
    public async Task Two_own_password_changes_at_once_have_one_winner()
    {
        var (_, username) = await gateway.CreateUserAsync("centre");
        var staff = gateway.WithToken(await gateway.TokenAsync(username));
        string[] passwords = ["winner one password", "winner two password"];
        var answers = await Task.WhenAll(passwords.Select(p =>
            staff.PostAsync("/api/v1/auth/password", Body(new { currentPassword = StaffApi.Password, newPassword = p }))));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.OK),
            a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.Conflict, HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized }));
        var winner = passwords[Array.FindIndex(answers, a => a.StatusCode == HttpStatusCode.OK)];
        Assert.Equal(HttpStatusCode.OK, (await gateway.CreateClient().SignInAsync(username, winner)).StatusCode);
    }

    [Fact]
    public async Task A_wrong_current_password_is_a_field_error_and_counts_towards_the_lock()
    {
        var (_, username) = await gateway.CreateUserAsync("centre");
        var staff = gateway.WithToken(await gateway.TokenAsync(username));
        for (var i = 0; i < 5; i++)
        {
            var wrong = await staff.PostAsync("/api/v1/auth/password", Body(new { currentPassword = $"guess number {i}", newPassword = "whatever new password" }));
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
            Assert.True((await wrong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("currentPassword", out _));
        }
        var locked = await staff.PostAsync("/api/v1/auth/password", Body(new { currentPassword = StaffApi.Password, newPassword = "whatever new password" }));
        Assert.Equal((HttpStatusCode)423, locked.StatusCode);
    }

    [Theory]
    [InlineData("{}", "currentPassword")]
    [InlineData("{\"currentPassword\": \"correct horse battery\"}", "newPassword")]
    [InlineData("{\"currentPassword\": \"correct horse battery\", \"newPassword\": \"short\"}", "newPassword")]
    [InlineData("{\"currentPassword\": \"correct horse battery\", \"newPassword\": \"correct horse battery\"}", "newPassword")]
    public async Task A_password_change_that_is_not_valid_is_a_400_and_changes_nothing(string json, string field)
    {
        var (_, username) = await gateway.CreateUserAsync("centre");
        var staff = gateway.WithToken(await gateway.TokenAsync(username));
        var response = await staff.PostAsync("/api/v1/auth/password", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal(HttpStatusCode.OK, await staff.ProbeAsync());
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"password\": \"short\"}")]
    [InlineData("{\"password\": 42}")]
    public async Task A_reset_that_is_not_valid_is_a_400_and_the_old_password_still_works(string json)
    {
        var (id, username) = await gateway.CreateUserAsync("centre");
        var response = await gateway.Admin().PostAsync($"/api/v1/users/{id}/password", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("validation_failed", await response.CodeAsync());
        Assert.Equal(HttpStatusCode.OK, (await gateway.CreateClient().SignInAsync(username)).StatusCode);
    }

    [Fact]
    public async Task An_account_that_does_not_exist_is_a_404()
    {
        foreach (var action in new[] { "disable", "enable" })
            Assert.Equal(HttpStatusCode.NotFound, (await gateway.Admin().PostAsync($"/api/v1/users/{Guid.NewGuid()}/{action}", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await gateway.Admin().PostAsync($"/api/v1/users/{Guid.NewGuid()}/password", Body(new { password = "long enough password" }))).StatusCode);
    }

    [Fact]
    public async Task Only_an_admin_manages_accounts_every_other_roles_key_gets_403()
    {
        var (id, username) = await gateway.CreateUserAsync("centre");
        foreach (var (role, province, expert) in StaffApi.OtherRoles)
        {
            var other = gateway.WithKey(await gateway.CreateKeyAsync(role, province, expert ? Guid.NewGuid() : null));
            foreach (var action in new[] { "disable", "enable" })
                Assert.Equal(HttpStatusCode.Forbidden, (await other.PostAsync($"/api/v1/users/{id}/{action}", null)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await other.PostAsync($"/api/v1/users/{id}/password", Body(new { password = "taken over password" }))).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/api/v1/users/{id}")).StatusCode);
            // A key has no password of its own.
            var own = await other.PostAsync("/api/v1/auth/password", Body(new { currentPassword = "x", newPassword = "long enough password" }));
            Assert.Equal(HttpStatusCode.Forbidden, own.StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await gateway.CreateClient().SignInAsync(username)).StatusCode);
    }

    [Fact]
    public async Task Staff_of_any_role_but_admin_cannot_manage_accounts_either()
    {
        var (id, _) = await gateway.CreateUserAsync("centre");
        var (_, provinceUser) = await gateway.CreateUserAsync("province", "广东省");
        var staff = gateway.WithToken(await gateway.TokenAsync(provinceUser));
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.PostAsync($"/api/v1/users/{id}/disable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.PostAsync($"/api/v1/users/{id}/password", Body(new { password = "taken over password" }))).StatusCode);
    }

    [Fact]
    public async Task An_admin_held_to_a_province_does_not_reach_another_provinces_accounts()
    {
        var guangdong = gateway.WithKey(await gateway.CreateKeyAsync("admin", "广东省"));
        var (gansuId, gansuUser) = await gateway.CreateUserAsync("province", "甘肃省");
        var (ownId, _) = await gateway.CreateUserAsync("province", "广东省");

        foreach (var action in new[] { "disable", "enable" })
            Assert.Equal(HttpStatusCode.NotFound, (await guangdong.PostAsync($"/api/v1/users/{gansuId}/{action}", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await guangdong.PostAsync($"/api/v1/users/{gansuId}/password", Body(new { password = "taken over password" }))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await guangdong.GetAsync($"/api/v1/users/{gansuId}")).StatusCode);
        var listed = await guangdong.GetFromJsonAsync<JsonElement>("/api/v1/users?pageSize=200");
        Assert.All(listed.GetProperty("items").EnumerateArray(), u => Assert.Equal("广东省", u.GetProperty("province").GetString()));
        var create = await guangdong.PostAsJsonAsync("/api/v1/users",
            new { username = StaffApi.NewUsername("gs"), password = StaffApi.Password, role = "province", province = "甘肃省" });
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await guangdong.PostAsync($"/api/v1/users/{ownId}/disable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gateway.CreateClient().SignInAsync(gansuUser)).StatusCode);
    }
}
