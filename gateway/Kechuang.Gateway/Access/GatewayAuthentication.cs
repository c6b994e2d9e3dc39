using System.Globalization;
using System.Text.Encodings.Web;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.Gateway.Limits;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Kechuang.Gateway.Access;

/// <summary>
/// The gateway's one authentication scheme: <c>X-Api-Key</c> for partners and scripts,
/// <c>Authorization: Bearer</c> for staff. A key or token that is present but not valid fails
/// (401), it never falls back to anonymous; an address that spent its budget of unknown keys is
/// told to wait (429 with Retry-After) instead.
/// </summary>
public sealed class GatewayAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, Authenticator authenticator)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "kechuang";
    private const string RetryAfterItem = "kechuang.unknown-keys-retry-after";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        Actor? actor;
        if (Request.Headers.TryGetValue(ApiKey.Header, out var key))
        {
            (actor, var retryAfter) = await authenticator.FromApiKeyAsync(key.ToString(), ClientAddress.Of(Context), Context.RequestAborted);
            if (retryAfter is { } wait)
            {
                Context.Items[RetryAfterItem] = wait;
                return AuthenticateResult.Fail("Too many unknown API keys from this address.");
            }
            if (actor is null) return AuthenticateResult.Fail("The API key is not valid (unknown or revoked).");
        }
        else if (Request.Headers.Authorization.ToString() is { } header && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            actor = await authenticator.FromBearerAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
            if (actor is null) return AuthenticateResult.Fail("The bearer token is not valid (expired, ended or not ours).");
        }
        else
        {
            return AuthenticateResult.NoResult();
        }
        return AuthenticateResult.Success(new AuthenticationTicket(actor.ToPrincipal(SchemeName), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items[RetryAfterItem] is TimeSpan wait)
        {
            Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return Task.CompletedTask;
        }
        Response.Headers.WWWAuthenticate = "ApiKey header=\"X-Api-Key\", Bearer";
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Task.CompletedTask;
    }
}
