using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Kechuang.BuildingBlocks.Http;
using Kechuang.Gateway.Feed;
using Marten;
using Npgsql;

namespace Kechuang.Gateway.Webhooks;

/// <summary>
/// Sends pending webhook deliveries: <c>POST {id, type, occurredAt, data}</c> signed with
/// <c>X-Kechuang-Signature: sha256=&lt;hex HMAC-SHA256(secret, body)&gt;</c>. A non-2xx answer or no
/// answer is retried with exponential backoff (base × 2^n) up to <see cref="MaxAttempts"/>; every
/// attempt is recorded. One gateway replica dispatches at a time (a PostgreSQL advisory lock).
/// </summary>
public sealed class WebhookDispatcher(
    IDocumentStore store, IHttpClientFactory clients, IConfiguration configuration, ILogger<WebhookDispatcher> logger) : BackgroundService
{
    // Retry schedules are operational time: the wall clock, whatever domain clock the gateway has.
    private static readonly TimeProvider Clock = TimeProvider.System;

    public const string SignatureHeader = "X-Kechuang-Signature";
    public const string ClientName = "webhooks";
    public const int MaxAttempts = 8;
    private const long DispatcherLockId = 44_449_001;

    private static readonly SemaphoreSlim Signal = new(0);

    private readonly TimeSpan _backoff = TimeSpan.FromMilliseconds(configuration.GetValue("Kechuang:Webhooks:BackoffMs", 2000));

    /// <summary>New deliveries are waiting: look now rather than at the next poll.</summary>
    public static void Wake()
    {
        if (Signal.CurrentCount == 0) Signal.Release();
    }

    public static string Sign(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(configuration.GetConnectionString("gateway-db"));
                await connection.OpenAsync(stop);
                await using var tryLock = new NpgsqlCommand($"select pg_try_advisory_lock({DispatcherLockId})", connection);
                if ((bool)(await tryLock.ExecuteScalarAsync(stop))!)
                {
                    while (!stop.IsCancellationRequested)
                    {
                        var sent = await DispatchDueAsync(stop);
                        if (sent == 0) await Signal.WaitAsync(TimeSpan.FromMilliseconds(500), stop);
                    }
                }
                else
                {
                    await Task.Delay(TimeSpan.FromSeconds(5), stop);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Webhook dispatcher interrupted; resuming shortly");
                await Task.Delay(TimeSpan.FromSeconds(2), stop).ContinueWith(_ => { }, CancellationToken.None);
            }
        }
    }

    private async Task<int> DispatchDueAsync(CancellationToken ct)
    {
        var now = Clock.GetUtcNow();
        await using var session = store.LightweightSession();
        var due = await session.Query<WebhookDelivery>()
            .Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now)
            .OrderBy(d => d.Sequence).Take(20).ToListAsync(ct);
        if (due.Count == 0) return 0;

        var hooks = (await session.LoadManyAsync<Webhook>(ct, due.Select(d => d.WebhookId).Distinct())).ToDictionary(h => h.Id);
        var events = new Dictionary<Guid, IntegrationEventReceived>();
        foreach (var id in due.Select(d => d.EventId).Distinct())
            if ((await session.Events.FetchStreamAsync(id, token: ct)).FirstOrDefault()?.Data is IntegrationEventReceived e) events[id] = e;

        // Attempts run concurrently; the session (not thread-safe) stores their outcomes afterwards.
        var updated = await Task.WhenAll(due.Select(async delivery =>
            hooks.TryGetValue(delivery.WebhookId, out var hook) && hook.IsActive && events.TryGetValue(delivery.EventId, out var received)
                ? await AttemptAsync(delivery, hook, received, ct)
                : delivery with { Status = DeliveryStatus.Failed, Attempts = [.. delivery.Attempts, new DeliveryAttempt(now, null, "The webhook was deleted.", 0)] }));
        session.Store(updated);
        await session.SaveChangesAsync(ct);
        return due.Count;
    }

    private async Task<WebhookDelivery> AttemptAsync(WebhookDelivery delivery, Webhook hook, IntegrationEventReceived received, CancellationToken ct)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new { id = received.MessageId, type = received.Type, occurredAt = received.OccurredAt, data = received.Data }, Json.Options);
        using var request = new HttpRequestMessage(HttpMethod.Post, hook.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        request.Headers.Add(SignatureHeader, Sign(hook.Secret, body));
        request.Headers.Add("X-Kechuang-Event", received.Type);
        request.Headers.Add("X-Kechuang-Delivery", delivery.Id.ToString());

        var started = Stopwatch.GetTimestamp();
        int? status = null;
        string? error = null;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            using var response = await clients.CreateClient(ClientName).SendAsync(request, timeout.Token);
            status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode) error = $"The receiver answered {status}.";
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            error = ex is TaskCanceledException ? "No answer within 10 s." : ex.Message;
        }

        var now = Clock.GetUtcNow();
        var attempts = delivery.Attempts.Append(new DeliveryAttempt(now, status, error, Stopwatch.GetElapsedTime(started).TotalMilliseconds)).ToList();
        if (error is null) return delivery with { Status = DeliveryStatus.Delivered, Attempts = attempts };
        if (attempts.Count >= MaxAttempts)
        {
            logger.LogWarning("Webhook delivery {DeliveryId} of {Type} failed after {Attempts} attempts", delivery.Id, delivery.Type, attempts.Count);
            return delivery with { Status = DeliveryStatus.Failed, Attempts = attempts };
        }
        return delivery with { NextAttemptAt = now + _backoff * Math.Pow(2, attempts.Count - 1), Attempts = attempts };
    }
}
