using System.Net;

namespace Kechuang.EndToEnd.Tests;

/// <summary>The end-to-end passes that send hundreds of requests on one key meet its rate limit now and then.</summary>
public static class RetryAfter
{
    /// <summary>
    /// Sends what <paramref name="request"/> builds; a 429 has not been tried, so it waits as
    /// <c>Retry-After</c> says and sends a fresh copy again, up to five times, then answers what came.
    /// </summary>
    public static async Task<HttpResponseMessage> SendWaitingOutRateLimitAsync(
        this HttpClient client, Func<HttpRequestMessage> request, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var message = request();
            var response = await client.SendAsync(message, ct);
            if (response.StatusCode != HttpStatusCode.TooManyRequests || attempt == 5) return response;
            var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
            response.Dispose();
            await Task.Delay(wait, ct);
        }
    }
}
