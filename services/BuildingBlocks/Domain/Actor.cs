using System.Security.Claims;
using System.Text.Json.Serialization;

namespace Kechuang.BuildingBlocks.Domain;

/// <summary>
/// Who did something: an API key or a staff user, with the role and scope the gateway vouched
/// for. Every domain event carries one, and the history endpoints show it.
/// </summary>
public sealed record Actor(
    string Id,
    string Name,
    string Role,
    string? Province = null,
    Guid? OrganizationId = null,
    Guid? ExpertId = null)
{
    /// <summary>The platform itself, acting on another service's event.</summary>
    public static readonly Actor System = new("system", "system", Roles.System);

    public bool Is(params string[] roles) => roles.Contains(Role);

    /// <summary>Admins and the national centre act across all provinces.</summary>
    public bool IsNational => Role is Roles.Admin or Roles.Centre or Roles.Operator or Roles.System;

    /// <summary>
    /// A key or staff account created with a province is held to it, whatever its role (reader,
    /// school, trainer, expert…); only the national roles act across provinces.
    /// </summary>
    public bool HeldToProvince => !IsNational && (Province is not null || Role == Roles.Province);

    /// <summary>
    /// Staff of the programme (admin, centre, province, operator) see who did something by name and
    /// id; partners and the other roles (unit, school, expert, trainer, reader) only by role and
    /// organisation (<see cref="Anonymous"/>).
    /// </summary>
    public bool SeesStaffIdentities => Role is Roles.Admin or Roles.Centre or Roles.Province or Roles.Operator or Roles.System;

    /// <summary>This actor without its name and ids: the role and the organisation it acts for.</summary>
    public ActorRole Anonymous => new(Role, Province, OrganizationId);

    /// <summary>True when this actor may see or act on something that belongs to a province.</summary>
    public bool CoversProvince(string? province) =>
        !HeldToProvince || string.Equals(Province, province, StringComparison.Ordinal);

    /// <summary>
    /// The claims that name this actor, in a token or a principal: the one mapping from actor to
    /// claims (<see cref="ToPrincipal"/>, the tokens), read back by <see cref="FromPrincipal"/>.
    /// </summary>
    public IReadOnlyList<Claim> ToClaims()
    {
        var claims = new List<Claim>
        {
            new(KechuangClaims.Subject, Id),
            new(KechuangClaims.Name, Name),
            new(KechuangClaims.Role, Role),
        };
        if (Province is not null) claims.Add(new(KechuangClaims.Province, Province));
        if (OrganizationId is { } org) claims.Add(new(KechuangClaims.Organization, org.ToString()));
        if (ExpertId is { } expert) claims.Add(new(KechuangClaims.Expert, expert.ToString()));
        return claims;
    }

    /// <summary>The caller this actor is, as an authentication handler hands it on.</summary>
    public ClaimsPrincipal ToPrincipal(string authenticationType) =>
        new(new ClaimsIdentity(ToClaims(), authenticationType, KechuangClaims.Name, KechuangClaims.Role));

    public static Actor? FromPrincipal(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true) return null;
        var id = user.FindFirstValue(KechuangClaims.Subject);
        var role = user.FindFirstValue(KechuangClaims.Role);
        if (id is null || role is null) return null;
        return new Actor(
            id,
            user.FindFirstValue(KechuangClaims.Name) ?? id,
            role,
            user.FindFirstValue(KechuangClaims.Province),
            Guid.TryParse(user.FindFirstValue(KechuangClaims.Organization), out var org) ? org : null,
            Guid.TryParse(user.FindFirstValue(KechuangClaims.Expert), out var expert) ? expert : null);
    }
}

/// <summary>Who did something, shown without a username or id: the role, its province and organisation.</summary>
public sealed record ActorRole(
    string Role,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Province,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? OrganizationId);

/// <summary>The roles of ../shared/API.md "Conventions".</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Centre = "centre";
    public const string Province = "province";
    public const string Unit = "unit";
    public const string Expert = "expert";
    public const string School = "school";
    public const string Trainer = "trainer";
    public const string Operator = "operator";
    public const string Reader = "reader";
    /// <summary>Not a role anyone is given: the platform acting on its own.</summary>
    public const string System = "system";

    public static readonly IReadOnlyList<string> All =
        [Admin, Centre, Province, Unit, Expert, School, Trainer, Operator, Reader];
}

/// <summary>Claim names of the identity the gateway passes to the services.</summary>
public static class KechuangClaims
{
    public const string Subject = "sub";
    public const string Name = "name";
    public const string Role = "role";
    public const string Province = "province";
    public const string Organization = "org";
    public const string Expert = "expert";
}
