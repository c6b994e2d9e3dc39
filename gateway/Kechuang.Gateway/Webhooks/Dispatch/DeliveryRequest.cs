using System.Globalization;
using System.Text.Json;
using Kechuang.BuildingBlocks.Http;
using Kechuang.Gateway.Feed;

namespace Kechuang.Gateway.Webhooks.Dispatch;

/// <summary>One attempt's request: <c>POST {id, type, occurredAt, data}</c>, signed both ways (<see cref="WebhookSignatures"/>).</summary>
public static class DeliveryRequest
{
    public const string EventHeader = "X-Kechuang-Event";
    public const string DeliveryHeader = "X-Kechuang-Delivery";

    /// <param name="sentAt">The wall-clock time the receiver compares <c>webhook-timestamp</c> with.</param>
    /// <param name="secretsAt">The time that decides whether a rotated-out secret still signs.</param>
    public static HttpRequestMessage For(
        WebhookDelivery delivery, Webhook hook, IntegrationEventReceived received, DateTimeOffset sentAt, DateTimeOffset secretsAt)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new { id = received.MessageId, type = received.Type, occurredAt = received.OccurredAt, data = received.Data }, Json.Options);
        var request = new HttpRequestMessage(HttpMethod.Post, hook.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };

        // The delivery's id is the same for every retry of it, so a receiver can tell a retry from a new event.
        var id = delivery.Id.ToString();
        var timestamp = sentAt.ToUnixTimeSeconds();
        var headers = request.Headers;
        headers.TryAddWithoutValidation(WebhookSignatures.LegacyHeader, WebhookSignatures.Legacy(hook.Secret, body));
        headers.TryAddWithoutValidation(WebhookSignatures.IdHeader, id);
        headers.TryAddWithoutValidation(WebhookSignatures.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        headers.TryAddWithoutValidation(WebhookSignatures.SignatureHeader,
            WebhookSignatures.Standard(hook.SigningSecrets(secretsAt), id, timestamp, body));
        headers.TryAddWithoutValidation(EventHeader, received.Type);
        headers.TryAddWithoutValidation(DeliveryHeader, id);
        return request;
    }
}
