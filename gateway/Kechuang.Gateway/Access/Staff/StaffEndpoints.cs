using System.Text.RegularExpressions;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Http;
using Kechuang.Gateway.Access.SignIn;
using Marten;
using Marten.Exceptions;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Kechuang.Gateway.Access.Staff;

/// <summary>
/// Staff accounts, managed by an admin: created bound to their role's scope, disabled and enabled,
/// given a new password. Each change that must end the account's tokens takes effect at once on
/// every gateway replica (<see cref="AccessChanges"/>).
/// </summary>
public static partial class StaffEndpoints
{
    public sealed record CreateUserRequest(
        [property: Matches(UsernameShape)] string? Username, [property: MaxChars(StaffPasswords.MaxLength)] string? Password, [property: InVocabulary(typeof(Roles), nameof(Roles.All))] string? Role,
        [property: InVocabulary(VocabularyKind.Province)] string? Province, Guid? OrganizationId, Guid? ExpertId);

    public sealed record PasswordResetRequest([property: MaxChars(StaffPasswords.MaxLength)] string? Password);

    /// <param name="Locked">Locked after repeated wrong passwords, from at least one client address.</param>
    public sealed record UserView(
        Guid Id, string Username, string Role, string? Province, DateTimeOffset CreatedAt, bool Locked,
        Guid? OrganizationId, Guid? ExpertId, string Status, DateTimeOffset? DisabledAt, DateTimeOffset? PasswordChangedAt);

    public sealed record AccountServices(
        IDocumentSession Session, TimeProvider Clock, AccountStamps Stamps, SignInGuard Guard, StaffPasswords Passwords);

    public static RouteGroupBuilder MapStaff(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("Access").RequireRoles(Roles.Admin);
        users.MapPost("/", Create).WithSummary("Create a staff account, bound to the scope its role needs.");
        users.MapGet("/", List);
        users.MapGet("/{id:guid}", Get);
        users.MapPost("/{id:guid}/disable", Disable)
            .WithSummary("Disable an account: it cannot sign in and its tokens stop working.");
        users.MapPost("/{id:guid}/enable", Enable).WithSummary("Enable a disabled account again (its old tokens stay ended).");
        users.MapPost("/{id:guid}/password", ResetPassword)
            .WithSummary("Set a new password for an account: its tokens stop working and its sign-in locks are lifted.");
        return api;
    }

    internal static Validator Validate(CreateUserRequest body)
    {
        var v = new Validator();
        if (v.Required("username", body.Username) && !IsUsername(body.Username!))
            v.Add("username", "must be 3-50 characters: letters, digits, '.', '_' or '-'.");
        if (v.Required("password", body.Password) && StaffPasswords.Problem(body.Password!) is { } problem) v.Add("password", problem);
        if (v.Required("role", body.Role) && !Roles.All.Contains(body.Role))
            v.Add("role", $"must be one of: {string.Join(", ", Roles.All)}.");
        AccessScope.Validate(v, body.Role, body.Province, body.OrganizationId, body.ExpertId);
        return v;
    }

    public static bool IsUsername(string username) => UsernamePattern().IsMatch(username.Trim());

    private static async Task<Results<Created<UserView>, ValidationProblem, ProblemHttpResult>> Create(
        CreateUserRequest body, Actor actor, [AsParameters] AccountServices s, CancellationToken ct)
    {
        var v = Validate(body);
        if (!v.IsValid) return v.ToProblem();
        if (!AccessScope.Manages(actor, body.Province))
            return Problems.Forbidden($"An admin held to {actor.Province} creates accounts of {actor.Province} only.");
        var username = StaffUser.Normalize(body.Username!);
        if (await s.Session.Query<StaffUser>().AnyAsync(u => u.Username == username, ct)) return UsernameTaken();

        var user = new StaffUser(Guid.NewGuid(), username, "", body.Role!, body.Province, s.Clock.GetUtcNow(), actor.Id,
            AccessScope.OrganizationFor(body.Role!, body.OrganizationId), body.ExpertId, StaffUser.NewSecurityStamp());
        user = user with { PasswordHash = s.Passwords.Hash(user, body.Password!) };
        s.Session.Insert(user);
        try
        {
            await s.Session.SaveChangesAsync(ct);
        }
        catch (MartenCommandException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Two creates of one username at once: the unique index lets one through.
            return UsernameTaken();
        }
        return TypedResults.Created($"/api/v1/users/{user.Id}", View(user, locked: false));
    }

    private static async Task<Ok<PagedList<UserView>>> List(
        PageRequest page, Actor actor, IQuerySession session, SignInGuard guard, CancellationToken ct)
    {
        IQueryable<StaffUser> scoped = session.Query<StaffUser>();
        if (actor.Province is { } province) scoped = scoped.Where(u => u.Province == province);
        var query = scoped.OrderBy(u => u.Username);
        var total = await query.CountAsync(ct);
        var items = await query.Skip(page.Skip).Take(page.PageSize).ToListAsync(ct);
        var locked = await guard.LockedAsync([.. items.Select(u => u.Username)], ct);
        return TypedResults.Ok(PagedList<UserView>.From([.. items.Select(u => View(u, locked.Contains(u.Username)))], total, page));
    }

    private static async Task<Results<Ok<UserView>, ProblemHttpResult>> Get(
        Guid id, Actor actor, IQuerySession session, SignInGuard guard, CancellationToken ct)
    {
        var user = await session.LoadAsync<StaffUser>(id, ct);
        if (user is null || !AccessScope.Manages(actor, user.Province)) return Problems.NotFound("staff account");
        return TypedResults.Ok(await ViewAsync(user, guard, ct));
    }

    private static Task<Results<Ok<UserView>, ValidationProblem, ProblemHttpResult>> Disable(
        Guid id, Actor actor, [AsParameters] AccountServices s, CancellationToken ct) =>
        ChangeAsync(id, actor, s, account => StaffAccountRules.Disable(account, s.Clock.GetUtcNow(), StaffUser.NewSecurityStamp()), ct);

    private static Task<Results<Ok<UserView>, ValidationProblem, ProblemHttpResult>> Enable(
        Guid id, Actor actor, [AsParameters] AccountServices s, CancellationToken ct) =>
        ChangeAsync(id, actor, s, StaffAccountRules.Enable, ct);

    private static async Task<Results<Ok<UserView>, ValidationProblem, ProblemHttpResult>> ResetPassword(
        Guid id, PasswordResetRequest body, Actor actor, [AsParameters] AccountServices s, CancellationToken ct)
    {
        var v = new Validator();
        if (v.Required("password", body.Password) && StaffPasswords.Problem(body.Password!) is { } problem) v.Add("password", problem);
        if (!v.IsValid) return v.ToProblem();
        var changed = await ChangeAsync(id, actor, s, account =>
            StaffAccountRules.SetPassword(account, s.Passwords.Hash(account, body.Password!), s.Clock.GetUtcNow(), StaffUser.NewSecurityStamp()), ct);
        if (changed.Result is Ok<UserView> { Value: { } view })
        {
            await s.Guard.ForgiveAsync(view.Username, CancellationToken.None);
            return TypedResults.Ok(view with { Locked = false });
        }
        return changed;
    }

    /// <summary>
    /// Load, decide, store: a concurrent change of the same account loses with 409
    /// <c>concurrency_conflict</c> (optimistic concurrency on the account document).
    /// </summary>
    private static async Task<Results<Ok<UserView>, ValidationProblem, ProblemHttpResult>> ChangeAsync(
        Guid id, Actor actor, AccountServices s, Func<StaffUser, AccountChange> rule, CancellationToken ct)
    {
        var account = await s.Session.LoadAsync<StaffUser>(id, ct);
        if (account is null || !AccessScope.Manages(actor, account.Province)) return Problems.NotFound("staff account");
        var change = rule(account);
        if (change.Error is { } error) return error.ToProblem();
        s.Session.Store(change.Account!);
        AccessChanges.AccountChanged(s.Session, id);
        await s.Session.SaveChangesAsync(ct);
        s.Stamps.Changed(change.Account!);
        return TypedResults.Ok(await ViewAsync(change.Account!, s.Guard, ct));
    }

    private static ProblemHttpResult UsernameTaken() => Problems.Of(409, "username_taken", "This username is taken.");

    private static async Task<UserView> ViewAsync(StaffUser u, SignInGuard guard, CancellationToken ct) =>
        View(u, (await guard.LockedAsync([u.Username], ct)).Count > 0);

    private static UserView View(StaffUser u, bool locked) => new(u.Id, u.Username, u.Role, u.Province, u.CreatedAt, locked,
        u.OrganizationId, u.ExpertId, u.IsDisabled ? "disabled" : "active", u.DisabledAt, u.PasswordChangedAt);

    /// <summary>The shape of a username (<see cref="IsUsername"/>), which the request schemas state as its <c>pattern</c>.</summary>
    public const string UsernameShape = @"^[A-Za-z0-9._-]{3,50}$";

    [GeneratedRegex(UsernameShape)]
    private static partial Regex UsernamePattern();
}
