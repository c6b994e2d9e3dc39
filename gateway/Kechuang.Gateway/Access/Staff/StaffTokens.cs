using System.Security.Cryptography;
using System.Text;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Security;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Kechuang.Gateway.Access;

/// <summary>
/// Short-lived bearer tokens for staff, signed by the gateway. Their audience is the gateway only:
/// a staff token sent straight to a service is refused there.
/// </summary>
public sealed class StaffTokens
{
    public const string Audience = "kechuang-staff";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    private readonly SymmetricSecurityKey _key;
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false, MapInboundClaims = false };

    public StaffTokens(IConfiguration configuration)
    {
        var secret = configuration[InternalIdentity.ConfigurationKey];
        if (string.IsNullOrWhiteSpace(secret))
            throw new InvalidOperationException($"{InternalIdentity.ConfigurationKey} is not configured.");
        _key = new SymmetricSecurityKey(SHA256.HashData(Encoding.UTF8.GetBytes("staff-tokens:" + secret)));
    }

    public string Issue(Actor actor, DateTimeOffset now)
    {
        var claims = new Dictionary<string, object>
        {
            [KechuangClaims.Subject] = actor.Id,
            [KechuangClaims.Name] = actor.Name,
            [KechuangClaims.Role] = actor.Role,
        };
        if (actor.Province is not null) claims[KechuangClaims.Province] = actor.Province;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = InternalIdentity.Issuer,
            Audience = Audience,
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime.AddSeconds(-5),
            Expires = now.UtcDateTime.Add(Lifetime),
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256),
        });
    }

    public async Task<Actor?> ValidateAsync(string token)
    {
        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = InternalIdentity.Issuer,
            ValidAudience = Audience,
            IssuerSigningKey = _key,
            ValidateLifetime = true,
            ClockSkew = TimeSpan.FromSeconds(30),
        });
        if (!result.IsValid) return null;
        string? Claim(string type) => result.Claims.TryGetValue(type, out var v) ? v?.ToString() : null;
        var id = Claim(KechuangClaims.Subject);
        var role = Claim(KechuangClaims.Role);
        return id is null || role is null ? null : new Actor(id, Claim(KechuangClaims.Name) ?? id, role, Claim(KechuangClaims.Province));
    }
}
