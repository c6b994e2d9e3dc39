using System.Text.Json;
using Kechuang.BuildingBlocks.Http;
using Kechuang.Gateway.Feed;

namespace Kechuang.Gateway.Webhooks.Dispatch;

/// <summary>One attempt's request: <c>POST {id, type, occurredAt, data}</c>, signed (<see cref="WebhookSignatures"/>).</summary>
public static class DeliveryRequest
{
    public const string EventHeader = "X-Kechuang-Event";
    public const string DeliveryHeader = "X-Kechuang-Delivery";

    public static HttpRequestMessage For(WebhookDelivery delivery, Webhook hook, IntegrationEventReceived received)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new { id = received.MessageId, type = received.Type, occurredAt = received.OccurredAt, data = received.Data }, Json.Options);
        var request = new HttpRequestMessage(HttpMethod.Post, hook.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        var headers = request.Headers;
        headers.TryAddWithoutValidation(WebhookSignatures.LegacyHeader, WebhookSignatures.Legacy(hook.Secret, body));
        headers.TryAddWithoutValidation(EventHeader, received.Type);
        headers.TryAddWithoutValidation(DeliveryHeader, delivery.Id.ToString());
        return request;
    }
}
