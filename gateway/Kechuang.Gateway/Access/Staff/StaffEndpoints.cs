using System.Text.RegularExpressions;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Http;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Kechuang.Gateway.Access;

/// <summary>Staff accounts (created by an admin) and sign-in for the dashboard.</summary>
public static partial class StaffEndpoints
{
    public sealed record CreateUserRequest(string? Username, string? Password, string? Role, string? Province);

    public sealed record UserView(Guid Id, string Username, string Role, string? Province, DateTimeOffset CreatedAt, bool Locked);

    public sealed record TokenRequest(string? Username, string? Password);

    public sealed record TokenResponse(string AccessToken, int ExpiresIn, string TokenType, string Role, string? Province, string Username);

    private static readonly PasswordHasher<StaffUser> Hasher = new();

    public static RouteGroupBuilder MapStaff(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("Access").RequireRoles(Roles.Admin);
        users.MapPost("/", Create).WithSummary("Create a staff account.");
        users.MapGet("/", List);
        api.MapPost("/auth/token", SignIn).WithTags("Access").AllowAnonymous()
            .WithSummary("Sign in: a short-lived bearer token for a staff account.");
        return api;
    }

    internal static Validator Validate(CreateUserRequest body)
    {
        var v = new Validator();
        if (v.Required("username", body.Username) && !UsernamePattern().IsMatch(body.Username!.Trim()))
            v.Add("username", "must be 3-50 characters: letters, digits, '.', '_' or '-'.");
        if (v.Required("password", body.Password) && body.Password!.Length < 10)
            v.Add("password", "must have at least 10 characters.");
        if (v.Required("role", body.Role) && !Roles.All.Contains(body.Role))
            v.Add("role", $"must be one of: {string.Join(", ", Roles.All)}.");
        if (body.Role == Roles.Province) v.Province("province", body.Province);
        else if (body.Province is not null && !Vocabulary.IsProvince(body.Province))
            v.Add("province", "is not a provincial-level division of mainland China (e.g. 北京市, 广东省).");
        return v;
    }

    private static async Task<Results<Created<UserView>, ValidationProblem, ProblemHttpResult>> Create(
        CreateUserRequest body, Actor actor, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var v = Validate(body);
        if (!v.IsValid) return v.ToProblem();
        var username = StaffUser.Normalize(body.Username!);
        if (await session.Query<StaffUser>().AnyAsync(u => u.Username == username, ct))
            return Problems.Of(409, "username_taken", "This username is taken.");
        var user = new StaffUser(Guid.NewGuid(), username, "", body.Role!, body.Province, clock.GetUtcNow(), actor.Id);
        user = user with { PasswordHash = Hasher.HashPassword(user, body.Password!) };
        session.Insert(user);
        await session.SaveChangesAsync(ct);   // the unique index decides a race between two creates (409)
        return TypedResults.Created($"/api/v1/users/{user.Id}", View(user, clock.GetUtcNow()));
    }

    private static async Task<Ok<PagedList<UserView>>> List(PageRequest page, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var query = session.Query<StaffUser>().OrderBy(u => u.Username);
        var total = await query.CountAsync(ct);
        var items = await query.Skip(page.Skip).Take(page.PageSize).ToListAsync(ct);
        var now = clock.GetUtcNow();
        return TypedResults.Ok(PagedList<UserView>.From(items.Select(u => View(u, now)).ToList(), total, page));
    }

    private static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> SignIn(
        TokenRequest body, IDocumentSession session, StaffTokens tokens, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var v = new Validator();
        v.Required("username", body.Username);
        v.Required("password", body.Password);
        if (!v.IsValid) return v.ToProblem();

        var now = clock.GetUtcNow();
        var username = StaffUser.Normalize(body.Username!);
        var user = await session.Query<StaffUser>().FirstOrDefaultAsync(u => u.Username == username, ct);
        if (user is null) return InvalidCredentials();
        if (user.IsLockedAt(now))
        {
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling((user.LockedUntil!.Value - now).TotalSeconds)).ToString();
            return Problems.Of(423, "account_locked", "This account is locked after repeated failed sign-ins.",
                "Try again after the time in Retry-After, or ask an admin.");
        }

        var verdict = Hasher.VerifyHashedPassword(user, user.PasswordHash, body.Password!);
        if (verdict == PasswordVerificationResult.Failed)
        {
            session.Store(user.WithFailedAttempt(now));
            await session.SaveChangesAsync(ct);
            return InvalidCredentials();
        }
        var signedIn = user.WithSuccessfulSignIn();
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
            signedIn = signedIn with { PasswordHash = Hasher.HashPassword(user, body.Password!) };
        if (signedIn != user)
        {
            session.Store(signedIn);
            await session.SaveChangesAsync(ct);
        }
        // Token lifetimes are wall-clock time, like every token's.
        return TypedResults.Ok(new TokenResponse(tokens.Issue(user.ToActor(), TimeProvider.System.GetUtcNow()), (int)StaffTokens.Lifetime.TotalSeconds,
            "Bearer", user.Role, user.Province, user.Username));
    }

    private static ProblemHttpResult InvalidCredentials() =>
        Problems.Of(401, "invalid_credentials", "The username or password is not right.");

    private static UserView View(StaffUser u, DateTimeOffset now) => new(u.Id, u.Username, u.Role, u.Province, u.CreatedAt, u.IsLockedAt(now));

    [GeneratedRegex(@"^[A-Za-z0-9._-]{3,50}$")]
    private static partial Regex UsernamePattern();
}
