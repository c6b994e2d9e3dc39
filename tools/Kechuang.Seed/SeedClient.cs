using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Kechuang.Seed;

/// <summary>Who a request is sent as: the bootstrap admin key, or a staff account's bearer token.</summary>
public sealed record Caller(string Name, string? ApiKey = null, string? Token = null)
{
    public void Authorize(HttpRequestMessage request)
    {
        if (ApiKey is not null) request.Headers.Add("X-Api-Key", ApiKey);
        if (Token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
    }
}

/// <summary>The seed could not go on: the gateway refused a request it had to make.</summary>
public sealed class SeedException(string message) : Exception(message);

/// <summary>
/// The public API through the gateway, as a partner system calls it. Every write carries an
/// <c>Idempotency-Key</c> named after the item and step, so a retry (or a run resumed within the
/// gateway's 24 hours) replays the first answer instead of acting twice. Retries what the per-caller
/// rate limit or a restarting service refused (429, 502–504, transport errors).
/// </summary>
public sealed class SeedClient(HttpClient http)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private int _writes;
    private int _replays;

    /// <summary>Writes of data (requests with an <c>Idempotency-Key</c>; sign-ins are not) the system carried out for this client.</summary>
    public int Writes => _writes;

    /// <summary>Writes answered from the gateway's idempotency record (done by an earlier run).</summary>
    public int Replays => _replays;

    public Task<JsonElement> PostAsync(Caller caller, string path, object? body, string? idempotencyKey, params HttpStatusCode[] alsoAccepted) =>
        SendAsync(HttpMethod.Post, path, caller, body is null ? null : () => JsonContent.Create(body, options: Json), idempotencyKey, alsoAccepted);

    public Task<JsonElement> PutAsync(Caller caller, string path, Func<HttpContent> content, params HttpStatusCode[] alsoAccepted) =>
        SendAsync(HttpMethod.Put, path, caller, content, null, alsoAccepted);

    public Task<JsonElement> GetAsync(Caller caller, string path) => SendAsync(HttpMethod.Get, path, caller, null, null, []);

    /// <summary>Every item of a paged list.</summary>
    public async Task<List<JsonElement>> ListAllAsync(Caller caller, string path)
    {
        var items = new List<JsonElement>();
        var separator = path.Contains('?') ? '&' : '?';
        for (var page = 1; ; page++)
        {
            var answer = await GetAsync(caller, $"{path}{separator}page={page}&pageSize=200");
            items.AddRange(answer.GetProperty("items").EnumerateArray());
            if (items.Count >= answer.GetProperty("total").GetInt32() || answer.GetProperty("items").GetArrayLength() == 0) return items;
        }
    }

    /// <summary>The <c>total</c> of a list.</summary>
    public async Task<int> TotalAsync(Caller caller, string path) =>
        (await GetAsync(caller, path + (path.Contains('?') ? "&" : "?") + "pageSize=1")).GetProperty("total").GetInt32();

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, Caller caller, Func<HttpContent>? content,
        string? idempotencyKey, HttpStatusCode[] alsoAccepted)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, path) { Content = content?.Invoke() };
            caller.Authorize(request);
            if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
            HttpResponseMessage? response = null;
            try
            {
                response = await http.SendAsync(request);
            }
            catch (HttpRequestException) when (attempt < 40)
            {
            }
            catch (TaskCanceledException) when (attempt < 40)
            {
            }
            using (response)
            {
                if (response is not null)
                {
                    var status = (int)response.StatusCode;
                    var transient = status is 429 or 502 or 503 or 504 && attempt < 40;
                    if (!transient)
                    {
                        var text = await response.Content.ReadAsStringAsync();
                        if (!response.IsSuccessStatusCode && !alsoAccepted.Contains(response.StatusCode))
                            throw new SeedException($"{method} {path} as {caller.Name} answered {status}: {(text.Length > 400 ? text[..400] : text)}");
                        if (idempotencyKey is not null)
                        {
                            if (response.Headers.Contains("Idempotent-Replayed")) Interlocked.Increment(ref _replays);
                            else if (response.IsSuccessStatusCode) Interlocked.Increment(ref _writes);
                        }
                        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
                    }
                    var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromMilliseconds(Math.Min(3000, 100 * attempt));
                    await Task.Delay(wait);
                    continue;
                }
            }
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(3000, 200 * attempt)));
        }
    }
}
