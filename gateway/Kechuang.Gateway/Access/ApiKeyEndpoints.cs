using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Http;
using Kechuang.Gateway.Idempotency;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kechuang.Gateway.Access;

/// <summary>Partner API keys: created and revoked by an admin, shown once.</summary>
public static class ApiKeyEndpoints
{
    // The limits of the requests' fields: the schemas state them (SchemaLimits.cs), the validators check them.
    private const int NameMax = 100;

    public sealed record CreateKeyRequest(
        [property: MaxChars(NameMax)] string? Name, [property: InVocabulary(typeof(Roles), nameof(Roles.All))] string? Role, [property: InVocabulary(VocabularyKind.Province)] string? Province, Guid? OrganizationId, Guid? ExpertId);

    public sealed record ApiKeyView(
        Guid Id, string Name, string Role, string? Province, Guid? OrganizationId, Guid? ExpertId, string Prefix,
        string Status, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? RevokedAt)
    {
        public static ApiKeyView From(ApiKey k) => new(k.Id, k.Name, k.Role, k.Province, k.OrganizationId, k.ExpertId, k.Prefix,
            k.IsRevoked ? "revoked" : "active", k.CreatedAt, k.CreatedBy, k.RevokedAt);
    }

    /// <summary>The one response that carries the key itself.</summary>
    public sealed record CreatedKey(
        Guid Id, string Key, string Name, string Role, string? Province, Guid? OrganizationId, Guid? ExpertId, string Prefix,
        string Status, DateTimeOffset CreatedAt);

    public static RouteGroupBuilder MapApiKeys(this RouteGroupBuilder api)
    {
        var keys = api.MapGroup("/api-keys").WithTags("Access").RequireRoles(Roles.Admin);
        keys.MapPost("/", Create).WithSummary("Create a partner API key (shown once).");
        keys.MapGet("/", List);
        keys.MapGet("/{id:guid}", Get);
        keys.MapDelete("/{id:guid}", Revoke).WithSummary("Revoke a key: it stops working at once.");
        return api;
    }

    internal static Validator Validate(CreateKeyRequest body)
    {
        var v = new Validator();
        v.Text("name", body.Name, NameMax);
        if (v.Required("role", body.Role) && !Roles.All.Contains(body.Role))
            v.Add("role", $"must be one of: {string.Join(", ", Roles.All)}.");
        AccessScope.Validate(v, body.Role, body.Province, body.OrganizationId, body.ExpertId);
        return v;
    }

    private static async Task<Results<Created<CreatedKey>, ValidationProblem>> Create(
        CreateKeyRequest body, Actor actor, IDocumentSession session, Authenticator authenticator, TimeProvider clock, HttpContext http,
        CancellationToken ct)
    {
        var v = Validate(body);
        if (!v.IsValid) return v.ToProblem();
        var secret = ApiKey.NewSecret();
        var key = new ApiKey(Guid.NewGuid(), body.Name!.Trim(), body.Role!, body.Province,
            AccessScope.OrganizationFor(body.Role!, body.OrganizationId), body.ExpertId,
            ApiKey.PrefixOf(secret), ApiKey.HashOf(secret), clock.GetUtcNow(), actor.Id);
        session.Insert(key);
        AccessChanges.KeyChanged(session, key.Hash);
        await session.SaveChangesAsync(ct);
        authenticator.Forget(key.Hash);
        SecretResponses.Mark(http, "key");
        return TypedResults.Created($"/api/v1/api-keys/{key.Id}", new CreatedKey(key.Id, secret, key.Name, key.Role, key.Province,
            key.OrganizationId, key.ExpertId, key.Prefix, "active", key.CreatedAt));
    }

    private static async Task<Ok<PagedList<ApiKeyView>>> List(PageRequest page, IQuerySession session, CancellationToken ct)
    {
        var query = session.Query<ApiKey>().OrderByDescending(k => k.CreatedAt);
        var total = await query.CountAsync(ct);
        var items = await query.Skip(page.Skip).Take(page.PageSize).ToListAsync(ct);
        return TypedResults.Ok(PagedList<ApiKeyView>.From(items.Select(ApiKeyView.From).ToList(), total, page));
    }

    private static async Task<Results<Ok<ApiKeyView>, ProblemHttpResult>> Get(Guid id, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<ApiKey>(id, ct) is { } key ? TypedResults.Ok(ApiKeyView.From(key)) : Problems.NotFound("API key");

    private static async Task<Results<NoContent, ProblemHttpResult>> Revoke(
        Guid id, IDocumentSession session, Authenticator authenticator, TimeProvider clock, CancellationToken ct)
    {
        var key = await session.LoadAsync<ApiKey>(id, ct);
        if (key is null) return Problems.NotFound("API key");
        if (!key.IsRevoked)
        {
            session.Store(key with { RevokedAt = clock.GetUtcNow() });
            AccessChanges.KeyChanged(session, key.Hash);
            await session.SaveChangesAsync(ct);
        }
        authenticator.Forget(key.Hash);
        return TypedResults.NoContent();
    }
}
