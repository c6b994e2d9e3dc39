using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Xunit;

namespace Kechuang.Gateway.Tests;

/// <summary>One client address may get only so many passwords wrong, whatever usernames it tries.</summary>
public sealed class SignInBudgetTests(SignInBudgetTests.Gateway gateway) : IClassFixture<SignInBudgetTests.Gateway>
{
    /// <summary>A small budget, so it refills far slower (one per 150 s) than the test spends it.</summary>
    public const int Budget = 6;

    public sealed class Gateway : GatewayFactory
    {
        public Gateway() => With("Kechuang:SignIn:FailuresPerAddress", Budget.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task An_address_that_spent_its_budget_of_wrong_passwords_is_refused_for_any_username_and_others_are_not()
    {
        var client = gateway.CreateClient();
        // Spread over usernames, each below its own lock.
        for (var i = 0; i < Budget; i++)
        {
            var answer = await client.SignInAsync(StaffApi.NewUsername($"spray{i % 2}"), $"guess number {i}");
            Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        }
        var (_, username) = await gateway.CreateUserAsync("centre");
        var refused = await client.SignInAsync(username);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("rate_limited", await refused.CodeAsync());
        Assert.NotNull(refused.Headers.RetryAfter);

        Assert.Equal(HttpStatusCode.OK, (await gateway.CreateClient().SignInAsync(username)).StatusCode);
    }

    [Fact]
    public async Task Of_a_burst_of_wrong_passwords_at_once_only_the_budget_is_checked()
    {
        var address = GatewayFactory.NewAddress();
        var answers = await Task.WhenAll(Enumerable.Range(0, 4 * Budget).Select(i =>
            gateway.From(address).SignInAsync(StaffApi.NewUsername($"burst{i % 3}"), $"guess number {i}")));
        Assert.Equal(Budget, answers.Count(a => a.StatusCode == HttpStatusCode.Unauthorized));
        Assert.Equal(3 * Budget, answers.Count(a => a.StatusCode == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task Right_passwords_spend_nothing_however_many_from_one_address()
    {
        var address = GatewayFactory.NewAddress();
        var (_, username) = await gateway.CreateUserAsync("centre");
        for (var i = 0; i <= Budget; i++)
            Assert.Equal(HttpStatusCode.OK, (await gateway.From(address).SignInAsync(username)).StatusCode);

        // Changing one's password with the right current one neither.
        var token = await gateway.TokenAsync(username);
        var password = StaffApi.Password;
        for (var i = 0; i <= Budget; i++)
        {
            var client = gateway.From(address);
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
            var next = $"{StaffApi.Password} {i}";
            var changed = await client.PostAsJsonAsync("/api/v1/auth/password", new { currentPassword = password, newPassword = next });
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
            token = (await changed.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("accessToken").GetString()!;
            password = next;
        }

        // What was given back is no more than was taken: the address still has exactly its budget.
        for (var i = 0; i < Budget; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await gateway.From(address).SignInAsync(StaffApi.NewUsername($"after{i % 2}"), $"guess {i}")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await gateway.From(address).SignInAsync(StaffApi.NewUsername("after"), "one more guess")).StatusCode);
    }
}
