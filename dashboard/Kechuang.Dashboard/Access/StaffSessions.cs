using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Kechuang.Dashboard.Api;
using Npgsql;

namespace Kechuang.Dashboard.Access;

/// <summary>A signed-in staff member's gateway token, kept on the server until it expires.</summary>
public sealed record StaffSession(string AccessToken, string Username, string Role, string? Province, DateTimeOffset ExpiresAt);

/// <summary>
/// The server-side half of a sign-in: the gateway's bearer token under a random session id. The
/// browser's cookie carries the id (encrypted), never the token, so a stolen page or script sees
/// nothing it could call the API with. Sessions end when the token expires (15 minutes), at
/// sign-out, or when the gateway answers 401. They live in the dashboard's database (the id
/// hashed, the session protected with the shared key ring), so every replica finds them: a browser
/// sent to another replica stays signed in.
/// </summary>
public sealed class StaffSessions(NpgsqlDataSource database, IDataProtectionProvider protection, TimeProvider clock)
{
    public const string SessionClaim = "sid";
    public const string RoleClaim = "role";
    public const string ProvinceClaim = "province";
    public const string NameClaim = "name";

    /// <summary>Tokens are given up a little before the gateway would refuse them.</summary>
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(20);

    private readonly IDataProtector _protector = protection.CreateProtector("Kechuang.Dashboard.StaffSessions");

    public async Task<(ClaimsPrincipal User, DateTimeOffset ExpiresAt)> StartAsync(GatewayClient.TokenResponse token)
    {
        var now = clock.GetUtcNow();
        var session = new StaffSession(token.AccessToken, token.Username, token.Role, token.Province, now.AddSeconds(token.ExpiresIn));
        var id = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var expiresAt = session.ExpiresAt - Margin;
        // Each sign-in also clears the sessions that have run out.
        await using var batch = database.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("delete from staff_sessions where expires_at <= $1") { Parameters = { new() { Value = now } } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand("insert into staff_sessions (id, session, expires_at) values ($1, $2, $3)")
        {
            Parameters =
            {
                new() { Value = Key(id) },
                new() { Value = _protector.Protect(JsonSerializer.Serialize(session)) },
                new() { Value = expiresAt },
            },
        });
        await batch.ExecuteNonQueryAsync();
        var claims = new List<Claim>
        {
            new(SessionClaim, id),
            new(NameClaim, session.Username),
            new(RoleClaim, session.Role),
        };
        if (session.Province is not null) claims.Add(new(ProvinceClaim, session.Province));
        return (new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme, NameClaim, RoleClaim)), expiresAt);
    }

    public async Task<StaffSession?> FindAsync(ClaimsPrincipal? user)
    {
        if (user?.FindFirst(SessionClaim)?.Value is not { } id) return null;
        await using var command = database.CreateCommand("select session from staff_sessions where id = $1 and expires_at > $2");
        command.Parameters.Add(new() { Value = Key(id) });
        command.Parameters.Add(new() { Value = clock.GetUtcNow() });
        return await command.ExecuteScalarAsync() is string stored
            ? JsonSerializer.Deserialize<StaffSession>(_protector.Unprotect(stored))
            : null;
    }

    public async Task EndAsync(ClaimsPrincipal? user)
    {
        if (user?.FindFirst(SessionClaim)?.Value is not { } id) return;
        await using var command = database.CreateCommand("delete from staff_sessions where id = $1");
        command.Parameters.Add(new() { Value = Key(id) });
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A cookie whose session is gone (expired, signed out) signs nobody in.</summary>
    public static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var sessions = context.HttpContext.RequestServices.GetRequiredService<StaffSessions>();
        if (await sessions.FindAsync(context.Principal) is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }

    /// <summary>The database holds only a hash of the id: what it shows names no cookie.</summary>
    private static string Key(string id) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(id)));
}
