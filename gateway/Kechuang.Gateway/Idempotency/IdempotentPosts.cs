using System.Security.Cryptography;
using System.Text;
using JasperFx;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Http;
using Marten;

namespace Kechuang.Gateway.Idempotency;

/// <summary>
/// The first response to a POST with a given <c>Idempotency-Key</c> (per caller), kept so a retry
/// gets the same answer without a second effect.
/// </summary>
public sealed record IdempotencyRecord(
    string Id,
    string Fingerprint,
    DateTimeOffset CreatedAt,
    int? Status = null,
    string? ContentType = null,
    string? Location = null,
    string? ETag = null,
    byte[]? Body = null,
    DateTimeOffset? CompletedAt = null,
    IReadOnlyList<string>? OmittedSecrets = null);

/// <summary>
/// <c>Idempotency-Key</c> on any POST, for every service behind the gateway. The first request
/// claims the key by inserting a record (the primary key decides between simultaneous requests);
/// it runs, and its response is stored. A repeat with the same key and body waits for that
/// response and replays it (<c>Idempotent-Replayed: true</c>); the same key with another body is
/// 422 <c>idempotency_key_reused</c>. A 5xx is not kept, so a retry after a failure runs again.
/// A secret in the response (<see cref="SecretResponses"/>) is never kept, so never replayed.
/// </summary>
public sealed class IdempotentPosts(RequestDelegate next, IDocumentStore store, TimeProvider clock, ILogger<IdempotentPosts> logger)
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    private const int MaxStoredBody = 1024 * 1024;
    private static readonly TimeSpan WaitForFirst = TimeSpan.FromSeconds(30);

    public async Task InvokeAsync(HttpContext http)
    {
        if (!HttpMethods.IsPost(http.Request.Method) || !http.Request.Headers.TryGetValue(Header, out var header)
            || Actor.FromPrincipal(http.User) is not { } actor)
        {
            await next(http);
            return;
        }
        var key = header.ToString();
        if (key.Length is 0 or > 200 || key.Any(char.IsControl))
        {
            await Problems.Field(Header, "must be 1-200 printable characters (a UUID is a good choice).").ExecuteAsync(http);
            return;
        }

        var fingerprint = await FingerprintAsync(http.Request);
        var id = $"{actor.Id}|{key}";
        if (await ClaimAsync(id, fingerprint, http.RequestAborted)) await RunAsync(http, id, fingerprint);
        else await ReplayAsync(http, id, fingerprint);
    }

    /// <summary>Runs the request whose key this one claimed, and keeps its answer (or releases the key on a failure).</summary>
    private async Task RunAsync(HttpContext http, string id, string fingerprint)
    {
        var original = http.Response.Body;
        using var captured = new MemoryStream();
        http.Response.Body = captured;
        try
        {
            await next(http);
        }
        catch
        {
            await ReleaseAsync(id);
            throw;
        }
        finally
        {
            http.Response.Body = original;
        }

        captured.Position = 0;
        await captured.CopyToAsync(original, http.RequestAborted);
        if (http.Response.StatusCode >= 500 || captured.Length > MaxStoredBody) await ReleaseAsync(id);
        else await CompleteAsync(id, fingerprint, http, captured.ToArray());
    }

    private static async Task<string> FingerprintAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, request.HttpContext.RequestAborted)) > 0) hash.AppendData(buffer, 0, read);
        request.Body.Position = 0;
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private async Task<bool> ClaimAsync(string id, string fingerprint, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        session.Insert(new IdempotencyRecord(id, fingerprint, clock.GetUtcNow()));
        try
        {
            await session.SaveChangesAsync(ct);
            return true;
        }
        catch (DocumentAlreadyExistsException)
        {
            return false;
        }
    }

    private async Task ReplayAsync(HttpContext http, string id, string fingerprint)
    {
        var deadline = DateTime.UtcNow + WaitForFirst;
        while (true)
        {
            IdempotencyRecord? record;
            await using (var session = store.QuerySession()) record = await session.LoadAsync<IdempotencyRecord>(id, http.RequestAborted);
            if (record is null)
            {
                // The first request failed and released the key: this one may run after all.
                if (await ClaimAsync(id, fingerprint, http.RequestAborted)) { await RunAsync(http, id, fingerprint); return; }
                continue;
            }
            if (record.Fingerprint != fingerprint)
            {
                await Problems.Of(422, "idempotency_key_reused", "This Idempotency-Key was used for a different request.",
                    "Use a new key for a new request.").ExecuteAsync(http);
                return;
            }
            if (record.Status is { } status)
            {
                http.Response.StatusCode = status;
                http.Response.Headers[ReplayedHeader] = "true";
                if (record.ContentType is not null) http.Response.ContentType = record.ContentType;
                if (record.Location is not null) http.Response.Headers.Location = record.Location;
                if (record.ETag is not null) http.Response.Headers.ETag = record.ETag;
                if (record.OmittedSecrets is { Count: > 0 } omitted) http.Response.Headers[SecretResponses.OmittedHeader] = string.Join(", ", omitted);
                if (record.Body is { Length: > 0 } body) await http.Response.Body.WriteAsync(body, http.RequestAborted);
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                await Problems.Of(409, "idempotency_request_in_progress", "The first request with this Idempotency-Key is still running.",
                    "Retry in a moment.").ExecuteAsync(http);
                return;
            }
            await Task.Delay(50, http.RequestAborted);
        }
    }

    private async Task CompleteAsync(string id, string fingerprint, HttpContext http, byte[] body)
    {
        var response = http.Response;
        var secrets = SecretResponses.FieldsOf(http);
        await using var session = store.LightweightSession();
        session.Store(new IdempotencyRecord(id, fingerprint, clock.GetUtcNow(), response.StatusCode, response.ContentType,
            response.Headers.Location.ToString() is { Length: > 0 } location ? location : null,
            response.Headers.ETag.ToString() is { Length: > 0 } etag ? etag : null,
            SecretResponses.Without(body, secrets), clock.GetUtcNow(), secrets.Count > 0 ? secrets : null));
        await session.SaveChangesAsync(CancellationToken.None);
    }

    private async Task ReleaseAsync(string id)
    {
        try
        {
            await using var session = store.LightweightSession();
            session.Delete<IdempotencyRecord>(id);
            await session.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not release an idempotency key after a failed request");
        }
    }
}
