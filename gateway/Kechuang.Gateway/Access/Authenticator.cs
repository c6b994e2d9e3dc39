using System.Security.Cryptography;
using System.Text;
using Kechuang.BuildingBlocks.Domain;
using Marten;
using Microsoft.Extensions.Caching.Memory;

namespace Kechuang.Gateway.Access;

/// <summary>
/// Who is calling: a partner key (<c>X-Api-Key</c>, the bootstrap admin key included) or a staff
/// bearer token. Keys are looked up by hash and cached briefly; revoking a key evicts it here at once
/// (other gateway replicas stop accepting it within <see cref="CacheFor"/>).
/// </summary>
public sealed class Authenticator(IDocumentStore store, IMemoryCache cache, StaffTokens tokens, IConfiguration configuration)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(10);
    public static readonly Actor BootstrapAdmin = new("key:bootstrap", "bootstrap admin", Roles.Admin);

    private readonly byte[]? _bootstrapHash = configuration["Kechuang:BootstrapAdminKey"] is { Length: > 0 } key
        ? SHA256.HashData(Encoding.UTF8.GetBytes(key))
        : null;

    public async Task<Actor?> FromApiKeyAsync(string key, CancellationToken ct)
    {
        if (key.Length is 0 or > 200) return null;
        var hash = ApiKey.HashOf(key);
        if (_bootstrapHash is not null && CryptographicOperations.FixedTimeEquals(_bootstrapHash, Convert.FromHexString(hash)))
            return BootstrapAdmin;

        if (cache.TryGetValue(CacheKey(hash), out Actor? cached)) return cached;
        await using var session = store.QuerySession();
        var stored = await session.Query<ApiKey>().FirstOrDefaultAsync(k => k.Hash == hash, ct);
        var actor = stored is { IsRevoked: false } ? stored.ToActor() : null;
        if (actor is not null) cache.Set(CacheKey(hash), actor, CacheFor);
        return actor;
    }

    public Task<Actor?> FromBearerAsync(string token) => tokens.ValidateAsync(token);

    public void Forget(string keyHash) => cache.Remove(CacheKey(keyHash));

    private static string CacheKey(string hash) => "api-key:" + hash;
}
