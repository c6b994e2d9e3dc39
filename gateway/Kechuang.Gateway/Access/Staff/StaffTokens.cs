using System.Security.Claims;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Security;

namespace Kechuang.Gateway.Access.Staff;

/// <summary>
/// Short-lived bearer tokens for staff, signed by the gateway with a key of their own. Their
/// audience is the gateway only: a staff token sent straight to a service is refused there. Each
/// carries its account's scope and security stamp; a token whose account was disabled or got a new
/// password since it was issued no longer stands (<see cref="AccountStamps"/>).
/// </summary>
public sealed class StaffTokens
{
    public const string Audience = "kechuang-staff";
    public const string StampClaim = "stamp";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    private readonly ActorTokens _tokens;
    private readonly AccountStamps _stamps;

    public StaffTokens(IConfiguration configuration, AccountStamps stamps)
    {
        var secret = configuration[InternalIdentity.ConfigurationKey];
        if (string.IsNullOrWhiteSpace(secret))
            throw new InvalidOperationException($"{InternalIdentity.ConfigurationKey} is not configured.");
        _tokens = new ActorTokens("staff-tokens:" + secret, Audience);
        _stamps = stamps;
    }

    public string Issue(StaffUser account, DateTimeOffset now) =>
        _tokens.Issue(account.ToActor(), now, Lifetime, new Claim(StampClaim, account.SecurityStamp));

    public async Task<Actor?> ValidateAsync(string token, CancellationToken ct)
    {
        if (await _tokens.ValidateAsync(token) is not { } identity) return null;
        var actor = Actor.FromPrincipal(new ClaimsPrincipal(identity));
        if (actor is null || StaffUser.IdOf(actor) is not { } accountId || identity.FindFirst(StampClaim)?.Value is not { } stamp) return null;
        return await _stamps.IsCurrentAsync(accountId, stamp, ct) ? actor : null;
    }
}
