using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace Kechuang.Gateway.Tests;

public sealed class LogTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    [Fact]
    public async Task No_key_password_or_token_appears_in_the_logs()
    {
        var created = await gateway.Admin().PostAsJsonAsync("/api/v1/api-keys", new { name = "logged?", role = "centre" });
        var key = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
        await gateway.WithKey(key).GetAsync("/api/v1/event-types");
        await gateway.WithKey(key + "-tampered").GetAsync("/api/v1/event-types");

        const string password = "a-password-nobody-may-log";
        var username = $"log.{Guid.NewGuid():N}"[..20];
        await gateway.Admin().PostAsJsonAsync("/api/v1/users", new { username, password, role = "centre" });
        await gateway.CreateClient().PostAsJsonAsync("/api/v1/auth/token", new { username, password = password + "-wrong" });
        var token = (await (await gateway.CreateClient().PostAsJsonAsync("/api/v1/auth/token", new { username, password }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
        var staff = gateway.CreateClient();
        staff.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        await staff.GetAsync("/api/v1/event-types");
        await staff.PostAsJsonAsync("/api/v1/webhooks", new { url = "not a url", eventTypes = new[] { "nope" } });

        Assert.NotEmpty(gateway.Logs);
        foreach (var secret in new[] { key, GatewayFactory.AdminKey, password, token })
            Assert.DoesNotContain(gateway.Logs, line => line.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_request_the_gateway_cannot_forward_is_one_warning_naming_the_service()
    {
        // No service runs behind this gateway (GatewayFactory): the call cannot be forwarded.
        var path = $"/api/v1/stations/{Guid.NewGuid()}";
        var answer = await gateway.Admin().GetAsync(path);

        Assert.True((int)answer.StatusCode >= 500, $"answered {(int)answer.StatusCode}");
        var warning = Assert.Single(gateway.Logs, l => l.Contains(path, StringComparison.Ordinal)
            && l.StartsWith("Warning Kechuang.Gateway.Routing.ForwardingErrorLog", StringComparison.Ordinal));
        Assert.Contains("outreach", warning);
    }
}
