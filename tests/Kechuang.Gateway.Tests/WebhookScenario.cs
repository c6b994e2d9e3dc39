using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Kechuang.Contracts;
using Kechuang.Contracts.Experts;
using Kechuang.Contracts.Resources;
using Kechuang.TestKit;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Kechuang.Gateway.Tests;

/// <summary>What webhook tests do again and again: partners, registrations, events on the bus, deliveries.</summary>
public sealed class WebhookScenario(GatewayFactory gateway)
{
    public async Task<HttpClient> Partner(string role, string? province = null, Guid? expertId = null) =>
        gateway.WithKey((await PartnerKey(role, province, expertId)).Key);

    /// <summary>A new key: its id (to revoke it) and the key itself.</summary>
    public async Task<(Guid Id, string Key)> PartnerKey(string role, string? province = null, Guid? expertId = null)
    {
        var response = await gateway.Admin().PostAsJsonAsync("/api/v1/api-keys", new { name = $"{role} partner", role, province, expertId });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("id").GetGuid(), body.GetProperty("key").GetString()!);
    }

    public static async Task<(Guid Id, string Secret)> Register(HttpClient partner, string url, params string[] eventTypes)
    {
        var response = await partner.PostAsJsonAsync("/api/v1/webhooks", new { url, eventTypes });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("id").GetGuid(), body.GetProperty("secret").GetString()!);
    }

    public Task Publish(IIntegrationEvent message, Guid? id = null) =>
        gateway.Services.GetRequiredService<IBus>().Publish(message, message.GetType(), c => c.MessageId = id ?? Guid.NewGuid());

    public static ResourcePublished Resource(string title) =>
        new(Guid.NewGuid(), title, "case", ["robotics"], ["grade-7"], "online", false, null, DateTimeOffset.UtcNow);

    public static VisitDelivered Visit(string province) =>
        new(Guid.NewGuid(), Guid.NewGuid(), new SchoolRef("第一中学", province, "某市", "某县", true), "science-talk", "robotics",
            120, 90, DateTimeOffset.UtcNow, province, DateTimeOffset.UtcNow);

    public static async Task<List<JsonElement>> Deliveries(HttpClient client, Guid hook) =>
        [.. (await client.GetFromJsonAsync<JsonElement>($"/api/v1/webhooks/{hook}/deliveries?pageSize=200"))
            .GetProperty("items").EnumerateArray().Select(i => i.Clone())];

    /// <summary>Waits until <paramref name="hook"/> has a delivery of <paramref name="eventId"/> that satisfies <paramref name="done"/>.</summary>
    public static async Task<JsonElement> DeliveryOf(HttpClient client, Guid hook, Guid eventId, Func<JsonElement, bool> done, TimeSpan? timeout = null) =>
        (await Eventually.Until(async () => (await Deliveries(client, hook)).SingleOrDefault(d => d.GetProperty("eventId").GetGuid() == eventId),
            d => d.ValueKind == JsonValueKind.Object && done(d), timeout))!;

    public static string Status(JsonElement delivery) => delivery.GetProperty("status").GetString()!;

    public static List<JsonElement> Attempts(JsonElement delivery) => [.. delivery.GetProperty("attempts").EnumerateArray()];

    /// <summary>
    /// A receiver's check of the Standard Webhooks headers, as README.md shows it: the timestamp
    /// within 5 minutes, and one of the <c>v1,</c> signatures made with the secret's key.
    /// </summary>
    public static bool IsSignedWith(string secret, WebhookReceiver.Received call, DateTimeOffset now)
    {
        var id = call.Header("webhook-id");
        if (!long.TryParse(call.Header("webhook-timestamp"), out var timestamp) || Math.Abs(now.ToUnixTimeSeconds() - timestamp) > 5 * 60)
            return false;
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        byte[] signed = [.. Encoding.UTF8.GetBytes($"{id}.{timestamp}."), .. Encoding.UTF8.GetBytes(call.Body)];
        var expected = HMACSHA256.HashData(key, signed);
        foreach (var signature in (call.Header("webhook-signature") ?? "").Split(' '))
        {
            var given = new byte[32];
            if (signature.StartsWith("v1,", StringComparison.Ordinal) && Convert.TryFromBase64String(signature[3..], given, out var length)
                && length == 32 && CryptographicOperations.FixedTimeEquals(expected, given)) return true;
        }
        return false;
    }
}
