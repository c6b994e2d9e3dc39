using System.Net;
using System.Net.Http.Json;
using Kechuang.Gateway.Access.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Xunit;

namespace Kechuang.Gateway.Tests;

/// <summary>
/// Lockout that counts every wrong password, cannot be turned against the owner, and tells a
/// guesser nothing (not even whether the username exists).
/// </summary>
public sealed class SignInTests(SignInTests.Gateway gateway) : IClassFixture<SignInTests.Gateway>
{
    /// <summary>The gateway with its real password hasher counted, and one trusted proxy.</summary>
    public sealed class Gateway : GatewayFactory
    {
        public const string Proxy = "10.255.0.1";

        public Gateway()
        {
            With("Kechuang:Network:TrustedProxies:0", Proxy);
        }

        public CountingHasher Hasher { get; } = new();

        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services =>
            {
                services.RemoveAll<IPasswordHasher<StaffUser>>();
                services.AddSingleton<IPasswordHasher<StaffUser>>(Hasher);
            });
        }
    }

    /// <summary>ASP.NET Core Identity's hasher, counting the passwords it verifies.</summary>
    public sealed class CountingHasher : IPasswordHasher<StaffUser>
    {
        private readonly PasswordHasher<StaffUser> _real = new();
        private int _verified;

        public int Verified => _verified;

        public string HashPassword(StaffUser user, string password) => _real.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(StaffUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verified);
            return _real.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }

    [Fact]
    public async Task Twenty_wrong_passwords_at_once_all_count_and_are_each_answered_401_or_423()
    {
        var (_, username) = await gateway.CreateUserAsync("centre");
        var guesser = gateway.CreateClient();
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => guesser.SignInAsync(username, $"guess number {i}")));

        foreach (var answer in answers)
        {
            Assert.Contains(answer.StatusCode, new[] { HttpStatusCode.Unauthorized, (HttpStatusCode)423 });
            Assert.Equal(answer.StatusCode == HttpStatusCode.Unauthorized ? "invalid_credentials" : "account_locked", await answer.CodeAsync());
        }
        var locked = await guesser.SignInAsync(username);
        Assert.Equal((HttpStatusCode)423, locked.StatusCode);
        Assert.NotNull(locked.Headers.RetryAfter);
    }

    [Fact]
    public async Task Exactly_five_wrong_passwords_at_once_lock_the_account_and_four_do_not()
    {
        var (_, five) = await gateway.CreateUserAsync("centre");
        var (_, four) = await gateway.CreateUserAsync("centre");
        var guesser = gateway.CreateClient();

        await Task.WhenAll(Enumerable.Range(0, 5).Select(i => guesser.SignInAsync(five, $"guess number {i}")));
        await Task.WhenAll(Enumerable.Range(0, 4).Select(i => guesser.SignInAsync(four, $"guess number {i}")));

        Assert.Equal((HttpStatusCode)423, (await guesser.SignInAsync(five)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await guesser.SignInAsync(four)).StatusCode);
        // The right password started the count again: four more wrong ones still do not lock.
        for (var i = 0; i < 4; i++) await guesser.SignInAsync(four, $"again {i}");
        Assert.Equal(HttpStatusCode.OK, (await guesser.SignInAsync(four)).StatusCode);
    }

    [Fact]
    public async Task A_flood_from_one_address_does_not_lock_the_owner_out_at_another()
    {
        var (_, username) = await gateway.CreateUserAsync("province", "湖南省");
        var attacker = gateway.CreateClient();
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => attacker.SignInAsync(username, $"guess number {i}")));
        Assert.Equal((HttpStatusCode)423, (await attacker.SignInAsync(username)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await gateway.CreateClient().SignInAsync(username)).StatusCode);
        var view = await gateway.Admin().GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/users?pageSize=200");
        Assert.Contains(view.GetProperty("items").EnumerateArray(),
            u => u.GetProperty("username").GetString() == username && u.GetProperty("locked").GetBoolean());
    }

    [Fact]
    public async Task The_lock_ends_after_15_minutes()
    {
        var (_, username) = await gateway.CreateUserAsync("centre");
        var client = gateway.CreateClient();
        for (var i = 0; i < 5; i++) await client.SignInAsync(username, $"guess number {i}");
        Assert.Equal((HttpStatusCode)423, (await client.SignInAsync(username)).StatusCode);

        gateway.Clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(HttpStatusCode.OK, (await client.SignInAsync(username)).StatusCode);
    }

    [Fact]
    public async Task An_unknown_username_is_answered_like_a_wrong_password_and_locks_the_same_way()
    {
        var client = gateway.CreateClient();
        var nobody = StaffApi.NewUsername("nobody");
        for (var i = 0; i < 5; i++)
        {
            var answer = await client.SignInAsync(nobody, $"guess number {i}");
            Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
            Assert.Equal("invalid_credentials", await answer.CodeAsync());
        }
        Assert.Equal((HttpStatusCode)423, (await client.SignInAsync(nobody)).StatusCode);
    }

    [Fact]
    public async Task An_unknown_username_costs_the_same_password_check_as_a_known_one()
    {
        var (_, username) = await gateway.CreateUserAsync("centre");
        var client = gateway.CreateClient();

        // The host is this class's own and its tests run one at a time: the count is this call's.
        async Task<int> Verifications(string name)
        {
            var before = gateway.Hasher.Verified;
            await client.SignInAsync(name, "not the password");
            return gateway.Hasher.Verified - before;
        }
        Assert.Equal(1, await Verifications(username));
        Assert.Equal(1, await Verifications(StaffApi.NewUsername("nobody")));
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_each_forwarded_client_is_its_own_address()
    {
        var (_, username) = await gateway.CreateUserAsync("centre");
        HttpClient Through(string client)
        {
            var http = gateway.From(Gateway.Proxy);
            http.DefaultRequestHeaders.Add("X-Forwarded-For", client);
            return http;
        }
        var attacker = Through("203.0.113.7");
        for (var i = 0; i < 5; i++) await attacker.SignInAsync(username, $"guess number {i}");
        Assert.Equal((HttpStatusCode)423, (await attacker.SignInAsync(username)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await Through("198.51.100.20").SignInAsync(username)).StatusCode);
    }

    [Fact]
    public async Task A_forwarded_address_from_a_peer_that_is_not_a_trusted_proxy_is_ignored()
    {
        var (_, username) = await gateway.CreateUserAsync("centre");
        var peer = gateway.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/token")
            {
                Content = JsonContent.Create(new { username, password = $"guess number {i}" }),
            };
            request.Headers.Add("X-Forwarded-For", $"203.0.113.{100 + i}");
            await peer.SendAsync(request);
        }
        Assert.Equal((HttpStatusCode)423, (await peer.SignInAsync(username)).StatusCode);
    }

    [Theory]
    [InlineData("{\"password\": \"x\"}", "username")]
    [InlineData("{\"username\": \"wang.wu\"}", "password")]
    [InlineData("{\"username\": \"wang\\u0000wu\", \"password\": \"x\"}", "username")]
    [InlineData("{\"username\": \"ab\", \"password\": \"x\"}", "username")]
    public async Task A_sign_in_that_is_not_valid_is_a_400(string json, string field)
    {
        var response = await gateway.CreateClient().PostAsync("/api/v1/auth/token", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
    }
}
