using System.Security.Claims;
using Kechuang.BuildingBlocks.Domain;
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
    public const string Issuer = ActorTokens.Issuer;
    public const string Audience = "kechuang-services";

    private readonly ActorTokens _tokens;

    public InternalIdentity(string signingKey)
    {
        if (string.IsNullOrWhiteSpace(signingKey))
            throw new InvalidOperationException($"{ConfigurationKey} is not configured: the gateway and the services need the same signing key.");
        _tokens = new ActorTokens(signingKey, Audience);
    }

    public TokenValidationParameters ValidationParameters => _tokens.ValidationParameters;

    public string Issue(Actor actor, TimeProvider clock, TimeSpan lifetime) => _tokens.Issue(actor, clock.GetUtcNow(), lifetime);

    public async Task<ClaimsPrincipal?> ValidateAsync(string token) =>
        await _tokens.ValidateAsync(token) is { } identity ? new ClaimsPrincipal(identity) : null;
}
