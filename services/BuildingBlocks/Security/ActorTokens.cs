using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Kechuang.BuildingBlocks.Domain;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Kechuang.BuildingBlocks.Security;

/// <summary>
/// Short-lived HS256 tokens the gateway issues, naming an <see cref="Actor"/> (its claims are
/// <see cref="Actor.ToClaims"/>) for one audience: the services' internal identity, or the staff
/// tokens only the gateway accepts. Each audience has its own key, so one kind never passes for
/// the other.
/// </summary>
public sealed class ActorTokens
{
    public const string Issuer = "kechuang-gateway";

    private readonly SymmetricSecurityKey _key;
    private readonly string _audience;
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <param name="secret">Any configured string; it becomes a 256-bit HMAC key.</param>
    public ActorTokens(string secret, string audience)
    {
        _key = new SymmetricSecurityKey(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
        _audience = audience;
    }

    public TokenValidationParameters ValidationParameters => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = _audience,
        IssuerSigningKey = _key,
        ValidateIssuerSigningKey = true,
        ValidateLifetime = true,
        // RFC 8725 §3.1: accept only the algorithm we sign with, never one the token names.
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ClockSkew = TimeSpan.FromSeconds(30),
        NameClaimType = KechuangClaims.Name,
        RoleClaimType = KechuangClaims.Role,
    };

    /// <param name="extra">Claims of this kind of token beyond the actor's own.</param>
    public string Issue(Actor actor, DateTimeOffset now, TimeSpan lifetime, params Claim[] extra)
    {
        var issuedAt = now.UtcDateTime;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = _audience,
            Claims = actor.ToClaims().Concat(extra).ToDictionary(c => c.Type, c => (object)c.Value),
            IssuedAt = issuedAt,
            NotBefore = issuedAt.AddSeconds(-5),
            Expires = issuedAt.Add(lifetime),
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>The token's claims when it is ours, for this audience and not expired; otherwise null.</summary>
    public async Task<ClaimsIdentity?> ValidateAsync(string token)
    {
        var result = await _handler.ValidateTokenAsync(token, ValidationParameters);
        return result.IsValid ? result.ClaimsIdentity : null;
    }
}
