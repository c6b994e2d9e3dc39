using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Kechuang.TestKit;
using Xunit;

namespace Kechuang.Gateway.Tests;

/// <summary>Staff accounts, sign-in and keys as the tests use them: made through the API with the bootstrap admin key.</summary>
public static class StaffApi
{
    public const string Password = "correct horse battery";

    public static string NewUsername(string role) => $"{role}.{Guid.NewGuid():N}"[..20];

    public static async Task<(Guid Id, string Username)> CreateUserAsync(this GatewayFactory gateway, string role, string? province = null,
        Guid? expertId = null, Guid? organizationId = null, HttpClient? admin = null)
    {
        var username = NewUsername(role);
        var response = await (admin ?? gateway.Admin()).PostAsJsonAsync("/api/v1/users",
            new { username, password = Password, role, province, expertId, organizationId });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return ((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(), username);
    }

    public static Task<HttpResponseMessage> SignInAsync(this HttpClient client, string username, string password = Password) =>
        client.PostAsJsonAsync("/api/v1/auth/token", new { username, password });

    public static async Task<string> TokenAsync(this GatewayFactory gateway, string username, string password = Password)
    {
        var response = await gateway.CreateClient().SignInAsync(username, password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    public static HttpClient WithToken(this GatewayFactory gateway, string token)
    {
        var client = gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>
    /// A new key, once this node has heard of its creation: the announcement makes the node forget
    /// the key (a guess at it may be cached), which must not land between a test's calls.
    /// </summary>
    public static async Task<string> CreateKeyAsync(this GatewayFactory gateway, string role, string? province = null, Guid? expertId = null)
    {
        var listener = gateway.AccessListener;
        await Eventually.True(() => Task.FromResult(listener.Listening), TimeSpan.FromSeconds(30), "the node listens for access changes");
        var heard = listener.Heard;
        var response = await gateway.Admin().PostAsJsonAsync("/api/v1/api-keys", new { name = $"{role} key", role, province, expertId });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await Eventually.True(() => Task.FromResult(listener.Heard > heard), TimeSpan.FromSeconds(30), "the node heard of the new key");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    /// <summary>A key of each role other than admin, with the scope its role needs.</summary>
    public static readonly (string Role, string? Province, bool Expert)[] OtherRoles =
    [
        ("centre", null, false), ("province", "广东省", false), ("unit", null, false), ("expert", null, true),
        ("school", "广东省", false), ("trainer", null, true), ("operator", null, false), ("reader", null, false),
    ];

    public static async Task<string?> CodeAsync(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("code", out var code) ? code.GetString() : null;

    /// <summary>Whether the client's key or token stands: a read any valid caller may make (200), else 401.</summary>
    public static async Task<HttpStatusCode> ProbeAsync(this HttpClient client) => (await client.GetAsync("/api/v1/event-types")).StatusCode;
}
