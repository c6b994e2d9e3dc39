using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Kechuang.BuildingBlocks.Domain;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Kechuang.BuildingBlocks.Security;

/// <summary>
/// The identity the gateway passes to a service: a short-lived token, signed with a key only the
/// gateway and the services share, carrying the caller's role and scope. Services check the
/// signature and authorise by role and scope themselves (defence in depth): a request that
/// reaches a service around the gateway carries no identity it can forge.
/// </summary>
public sealed class InternalIdentity
{
    public const string ConfigurationKey = "Kechuang:InternalSigningKey";
    public const string Issuer = "kechuang-gateway";
    public const string Audience = "kechuang-services";

    private readonly SymmetricSecurityKey _key;
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public InternalIdentity(string signingKey)
    {
        if (string.IsNullOrWhiteSpace(signingKey))
            throw new InvalidOperationException($"{ConfigurationKey} is not configured: the gateway and the services need the same signing key.");
        // Any configured string becomes a 256-bit HMAC key.
        _key = new SymmetricSecurityKey(SHA256.HashData(Encoding.UTF8.GetBytes(signingKey)));
    }

    public TokenValidationParameters ValidationParameters => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = Audience,
        IssuerSigningKey = _key,
        ValidateIssuerSigningKey = true,
        ValidateLifetime = true,
        ClockSkew = TimeSpan.FromSeconds(30),
        NameClaimType = KechuangClaims.Name,
        RoleClaimType = KechuangClaims.Role,
    };

    public string Issue(Actor actor, TimeProvider clock, TimeSpan lifetime)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object>
        {
            [KechuangClaims.Subject] = actor.Id,
            [KechuangClaims.Name] = actor.Name,
            [KechuangClaims.Role] = actor.Role,
        };
        if (actor.Province is not null) claims[KechuangClaims.Province] = actor.Province;
        if (actor.OrganizationId is { } org) claims[KechuangClaims.Organization] = org.ToString();
        if (actor.ExpertId is { } expert) claims[KechuangClaims.Expert] = expert.ToString();
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Claims = claims,
            IssuedAt = now,
            NotBefore = now.AddSeconds(-5),
            Expires = now.Add(lifetime),
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256),
        });
    }

    public async Task<ClaimsPrincipal?> ValidateAsync(string token)
    {
        var result = await _handler.ValidateTokenAsync(token, ValidationParameters);
        return result.IsValid ? new ClaimsPrincipal(result.ClaimsIdentity) : null;
    }
}
