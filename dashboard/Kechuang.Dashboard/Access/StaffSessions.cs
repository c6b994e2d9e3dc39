using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Kechuang.Dashboard.Api;
using Microsoft.Extensions.Caching.Memory;

namespace Kechuang.Dashboard.Access;

/// <summary>A signed-in staff member's gateway token, kept on the server until it expires.</summary>
public sealed record StaffSession(string AccessToken, string Username, string Role, string? Province, DateTimeOffset ExpiresAt);

/// <summary>
/// The server-side half of a sign-in: the gateway's bearer token under a random session id. The
/// browser's cookie carries the id (encrypted), never the token, so a stolen page or script sees
/// nothing it could call the API with. Sessions end when the token expires (15 minutes), at
/// sign-out, or when the gateway answers 401.
/// </summary>
public sealed class StaffSessions(IMemoryCache cache, TimeProvider clock)
{
    public const string SessionClaim = "sid";
    public const string RoleClaim = "role";
    public const string ProvinceClaim = "province";
    public const string NameClaim = "name";

    /// <summary>Tokens are given up a little before the gateway would refuse them.</summary>
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(20);

    public ClaimsPrincipal Start(GatewayClient.TokenResponse token, out DateTimeOffset expiresAt)
    {
        var session = new StaffSession(token.AccessToken, token.Username, token.Role, token.Province,
            clock.GetUtcNow().AddSeconds(token.ExpiresIn));
        var id = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        expiresAt = session.ExpiresAt - Margin;
        cache.Set(Key(id), session, expiresAt);
        var claims = new List<Claim>
        {
            new(SessionClaim, id),
            new(NameClaim, session.Username),
            new(RoleClaim, session.Role),
        };
        if (session.Province is not null) claims.Add(new(ProvinceClaim, session.Province));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme, NameClaim, RoleClaim));
    }

    public StaffSession? Find(ClaimsPrincipal? user)
    {
        var id = user?.FindFirst(SessionClaim)?.Value;
        if (id is null || !cache.TryGetValue(Key(id), out StaffSession? session) || session is null) return null;
        return session.ExpiresAt - Margin > clock.GetUtcNow() ? session : null;
    }

    public void End(ClaimsPrincipal? user)
    {
        if (user?.FindFirst(SessionClaim)?.Value is { } id) cache.Remove(Key(id));
    }

    /// <summary>A cookie whose session is gone (expired, signed out, process restarted) signs nobody in.</summary>
    public static Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var sessions = context.HttpContext.RequestServices.GetRequiredService<StaffSessions>();
        if (sessions.Find(context.Principal) is null)
        {
            context.RejectPrincipal();
            return context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
        return Task.CompletedTask;
    }

    private static string Key(string id) => "staff-session:" + id;
}
