using System.Security.Cryptography;
using Kechuang.BuildingBlocks.Domain;

namespace Kechuang.Gateway.Access.Staff;

/// <summary>
/// A staff account for the dashboard, bound at creation to the scope its role needs (see
/// <see cref="AccessScope"/>). The password is kept only as an ASP.NET Core Identity hash. The
/// security stamp is in every token the account is given and changes whenever those tokens must
/// stop working: a new password, or the account being disabled.
/// </summary>
public sealed record StaffUser(
    Guid Id,
    string Username,
    string PasswordHash,
    string Role,
    string? Province,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    Guid? OrganizationId = null,
    Guid? ExpertId = null,
    string SecurityStamp = "",
    DateTimeOffset? DisabledAt = null,
    DateTimeOffset? PasswordChangedAt = null)
{
    private const string ActorPrefix = "user:";

    public bool IsDisabled => DisabledAt is not null;

    public Actor ToActor() => new($"{ActorPrefix}{Id:N}", Username, Role, Province, OrganizationId, ExpertId);

    /// <summary>The account a staff actor (a bearer token's caller) stands for; none for a key.</summary>
    public static Guid? IdOf(Actor actor) =>
        actor.Id.StartsWith(ActorPrefix, StringComparison.Ordinal) && Guid.TryParseExact(actor.Id[ActorPrefix.Length..], "N", out var id)
            ? id
            : null;

    public static string Normalize(string username) => username.Trim().ToLowerInvariant();

    public static string NewSecurityStamp() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
