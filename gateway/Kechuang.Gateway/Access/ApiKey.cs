using System.Security.Cryptography;
using System.Text;
using Kechuang.BuildingBlocks.Domain;

namespace Kechuang.Gateway.Access;

/// <summary>
/// A partner's API key. Only its SHA-256 is stored (the key is 192 random bits, so a fast hash is
/// enough); the key itself is shown once, at creation.
/// </summary>
public sealed record ApiKey(
    Guid Id,
    string Name,
    string Role,
    string? Province,
    Guid? OrganizationId,
    Guid? ExpertId,
    string Prefix,
    string Hash,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset? RevokedAt = null)
{
    public const string Header = "X-Api-Key";

    public bool IsRevoked => RevokedAt is not null;

    public Actor ToActor() => new($"key:{Id:N}", Name, Role, Province, OrganizationId, ExpertId);

    /// <summary>A new key: <c>kc_</c> + 32 URL-safe characters.</summary>
    public static string NewSecret() =>
        "kc_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');

    public static string HashOf(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>What lists show of a key, enough to recognise it: <c>kc_AbCd…</c>.</summary>
    public static string PrefixOf(string key) => key[..Math.Min(key.Length, 7)] + "…";
}
