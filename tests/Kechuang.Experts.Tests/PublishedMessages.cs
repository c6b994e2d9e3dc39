using System.Net.Http.Json;
using System.Text.Json;
using Kechuang.TestKit;

namespace Kechuang.Experts.Tests;

/// <summary>
/// What the service publishes, read as any other service's consumer would receive it: a queue
/// on the service's vhost bound to the message type's exchange (MassTransit names it
/// <c>Namespace:Type</c>), read through the RabbitMQ management API.
/// </summary>
public sealed class PublishedMessages : IAsyncDisposable
{
    private readonly HttpClient _management;
    private readonly string _vhost;
    private readonly string _queue;
    private readonly List<JsonElement> _received = [];

    private PublishedMessages(HttpClient management, string vhost, string queue)
    {
        _management = management;
        _vhost = vhost;
        _queue = queue;
    }

    /// <summary>One probe queue bound to the exchange of each of <paramref name="messageTypes"/>.</summary>
    public static async Task<PublishedMessages> BindAsync(Uri rabbitMq, params Type[] messageTypes)
    {
        var management = await TestInfrastructure.ManagementClientAsync();
        var vhost = Uri.EscapeDataString(rabbitMq.AbsolutePath.TrimStart('/'));
        var queue = $"probe-{string.Join('-', messageTypes.Select(t => t.Name))}-{Guid.NewGuid():N}";
        (await management.PutAsJsonAsync($"api/queues/{vhost}/{queue}", new { durable = false, auto_delete = false })).EnsureSuccessStatusCode();
        foreach (var messageType in messageTypes)
        {
            var exchange = Uri.EscapeDataString($"{messageType.Namespace}:{messageType.Name}");
            // Declared as MassTransit declares it (durable fanout), so its own declaration agrees.
            (await management.PutAsJsonAsync($"api/exchanges/{vhost}/{exchange}", new { type = "fanout", durable = true })).EnsureSuccessStatusCode();
            (await management.PostAsJsonAsync($"api/bindings/{vhost}/e/{exchange}/q/{queue}", new { routing_key = "" })).EnsureSuccessStatusCode();
        }
        return new PublishedMessages(management, vhost, queue);
    }

    /// <summary>Waits for a message whose body matches <paramref name="match"/>; returns its MassTransit envelope.</summary>
    public async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> match)
    {
        var found = await Eventually.Until(async () =>
        {
            var response = await _management.PostAsJsonAsync($"api/queues/{_vhost}/{_queue}/get",
                new { count = 50, ackmode = "ack_requeue_false", encoding = "auto" });
            response.EnsureSuccessStatusCode();
            foreach (var item in (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray())
                _received.Add(JsonDocument.Parse(item.GetProperty("payload").GetString()!).RootElement.Clone());
            return _received.Where(e => match(e.GetProperty("message"))).ToList();
        }, list => list.Count > 0, TimeSpan.FromSeconds(20), "the message is published");
        return found[0];
    }

    public IReadOnlyList<JsonElement> Received => _received;

    public async ValueTask DisposeAsync()
    {
        await _management.DeleteAsync($"api/queues/{_vhost}/{_queue}");
        _management.Dispose();
    }
}
