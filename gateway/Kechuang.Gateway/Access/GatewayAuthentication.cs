using System.Security.Claims;
using System.Text.Encodings.Web;
using Kechuang.BuildingBlocks.Domain;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Kechuang.Gateway.Access;

/// <summary>
/// The gateway's one authentication scheme: <c>X-Api-Key</c> for partners and scripts,
/// <c>Authorization: Bearer</c> for staff. A key or token that is present but not valid fails
/// (401), it never falls back to anonymous.
/// </summary>
public sealed class GatewayAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, Authenticator authenticator)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "kechuang";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        Actor? actor;
        if (Request.Headers.TryGetValue(ApiKey.Header, out var key))
        {
            actor = await authenticator.FromApiKeyAsync(key.ToString(), Context.RequestAborted);
            if (actor is null) return AuthenticateResult.Fail("The API key is not valid (unknown or revoked).");
        }
        else if (Request.Headers.Authorization.ToString() is { } header && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            actor = await authenticator.FromBearerAsync(header["Bearer ".Length..].Trim());
            if (actor is null) return AuthenticateResult.Fail("The bearer token is not valid (expired or not ours).");
        }
        else
        {
            return AuthenticateResult.NoResult();
        }
        return AuthenticateResult.Success(new AuthenticationTicket(ToPrincipal(actor), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "ApiKey header=\"X-Api-Key\", Bearer";
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Task.CompletedTask;
    }

    public static ClaimsPrincipal ToPrincipal(Actor actor)
    {
        var claims = new List<Claim>
        {
            new(KechuangClaims.Subject, actor.Id),
            new(KechuangClaims.Name, actor.Name),
            new(KechuangClaims.Role, actor.Role),
        };
        if (actor.Province is not null) claims.Add(new(KechuangClaims.Province, actor.Province));
        if (actor.OrganizationId is { } org) claims.Add(new(KechuangClaims.Organization, org.ToString()));
        if (actor.ExpertId is { } expert) claims.Add(new(KechuangClaims.Expert, expert.ToString()));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName, KechuangClaims.Name, KechuangClaims.Role));
    }
}
