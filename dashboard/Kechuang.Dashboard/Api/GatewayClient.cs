using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Kechuang.Dashboard.Api;

/// <summary>
/// HTTP to the gateway's public API (<c>http://gateway</c> by service discovery, or
/// <c>Dashboard:GatewayUrl</c>). Every POST carries an <c>Idempotency-Key</c>, so the resilience
/// handler's retries of a lost response replay it instead of acting twice.
/// </summary>
public sealed class GatewayClient(HttpClient http, ILogger<GatewayClient> logger)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public sealed record TokenResponse(string AccessToken, int ExpiresIn, string Role, string? Province, string Username);

    public Task<ApiResult<TokenResponse>> SignInAsync(string username, string password, CancellationToken ct) =>
        SendAsync<TokenResponse>(HttpMethod.Post, "/api/v1/auth/token", new { username, password }, null, null, ct);

    public async Task<ApiResult<T>> SendAsync<T>(
        HttpMethod method, string path, object? body, string? token, long? ifMatch, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (ifMatch is { } version) request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version.ToString(CultureInfo.InvariantCulture)}\""));
        if (method == HttpMethod.Post) request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        try
        {
            using var response = await http.SendAsync(request, ct);
            if (!response.IsSuccessStatusCode)
                return new ApiResult<T>(default, ApiProblem.Parse((int)response.StatusCode, await response.Content.ReadAsStringAsync(ct)));
            var value = response.StatusCode == HttpStatusCode.NoContent
                ? default
                : await response.Content.ReadFromJsonAsync<T>(Json, ct);
            return new ApiResult<T>(value, null, Version(response));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            logger.LogWarning(e, "The gateway did not answer {Method} {Path}", method, path);
            return new ApiResult<T>(default, ApiProblem.Unavailable(e.Message));
        }
    }

    /// <summary>A file (seal scan, CSV export) passed through as the gateway sends it.</summary>
    public async Task<HttpResponseMessage> GetFileAsync(string path, string token, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
    }

    private static long? Version(HttpResponseMessage response) =>
        response.Headers.ETag?.Tag is { } tag && long.TryParse(tag.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var v)
            ? v
            : null;
}
