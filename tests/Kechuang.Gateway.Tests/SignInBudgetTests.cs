using System.Globalization;
using System.Net;
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
}
