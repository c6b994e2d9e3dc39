using System.Globalization;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Http;
using Kechuang.Gateway.Access.Staff;
using Kechuang.Gateway.Idempotency;
using Kechuang.Gateway.Limits;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Kechuang.Gateway.Access.SignIn;

/// <summary>
/// Sign-in for staff (a short-lived bearer token) and the signed-in user's own password change.
/// A wrong password is always 401 <c>invalid_credentials</c> (or 423 <c>account_locked</c> once
/// <see cref="SignInGuard"/> locks it), whether or not the username exists, and takes as long.
/// </summary>
public static class SignInEndpoints
{
    public sealed record TokenRequest([property: Matches(StaffEndpoints.UsernameShape)] string? Username, string? Password);

    public sealed record TokenResponse(
        string AccessToken, int ExpiresIn, string TokenType, string Role, string? Province, string Username,
        Guid? OrganizationId, Guid? ExpertId);

    public sealed record PasswordChangeRequest(string? CurrentPassword, [property: MaxChars(StaffPasswords.MaxLength)] string? NewPassword);

    public sealed record SignInServices(
        IDocumentSession Session, SignInGuard Guard, StaffPasswords Passwords, StaffTokens Tokens, AccountStamps Stamps, TimeProvider Clock);

    public static RouteGroupBuilder MapSignIn(this RouteGroupBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("Access");
        auth.MapPost("/token", SignIn).AllowAnonymous()
            .WithSummary("Sign in: a short-lived bearer token for a staff account.");
        auth.MapPost("/password", ChangePassword)
            .WithSummary("Change your own password (staff): every token issued before stops working; the answer is a new token.");
        return api;
    }

    private static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> SignIn(
        TokenRequest body, [AsParameters] SignInServices s, HttpContext http, CancellationToken ct)
    {
        var v = new Validator();
        // No account can have a username of another shape: it is refused before any lookup.
        if (v.Required("username", body.Username) && !StaffEndpoints.IsUsername(body.Username!))
            v.Add("username", "is not a username (3-50 characters: letters, digits, '.', '_' or '-').");
        v.Required("password", body.Password);
        if (!v.IsValid) return v.ToProblem();

        var username = StaffUser.Normalize(body.Username!);
        var address = ClientAddress.Of(http);
        if (await s.Guard.RefuseAsync(username, address, ct) is { } refusal) return Refused(http, refusal);

        StaffUser? account;
        try
        {
            account = await s.Session.Query<StaffUser>().FirstOrDefaultAsync(u => u.Username == username, ct);
        }
        catch
        {
            s.Guard.Abandoned(address); // nothing was checked
            throw;
        }
        var verdict = s.Passwords.Verify(account, body.Password!);
        if (verdict == PasswordVerificationResult.Failed)
        {
            // Counted even when the caller hangs up: an attempt it never hears back about still counts.
            await s.Guard.FailedAsync(username, address, CancellationToken.None);
            return InvalidCredentials();
        }
        if (account!.IsDisabled)
        {
            s.Guard.Abandoned(address); // the right password: no guess
            return Problems.Of(403, "account_disabled", "This account is disabled.", "Ask an admin to enable it.");
        }
        await s.Guard.SucceededAsync(username, address, ct);
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded) account = await RehashAsync(account, body.Password!, s, ct);
        return TypedResults.Ok(Token(account, s.Tokens));
    }

    private static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> ChangePassword(
        PasswordChangeRequest body, Actor actor, [AsParameters] SignInServices s, HttpContext http, CancellationToken ct)
    {
        if (StaffUser.IdOf(actor) is not { } id)
            return Problems.Forbidden("Only a staff account has a password; an API key is replaced, not changed.");
        var v = new Validator();
        v.Required("currentPassword", body.CurrentPassword);
        if (v.Required("newPassword", body.NewPassword))
        {
            if (StaffPasswords.Problem(body.NewPassword!) is { } problem) v.Add("newPassword", problem);
            else if (body.NewPassword == body.CurrentPassword) v.Add("newPassword", "must differ from the current password.");
        }
        if (!v.IsValid) return v.ToProblem();

        var account = await s.Session.LoadAsync<StaffUser>(id, ct);
        if (account is null) return Problems.NotFound("staff account");
        var address = ClientAddress.Of(http);
        if (await s.Guard.RefuseAsync(account.Username, address, ct) is { } refusal) return Refused(http, refusal);
        if (s.Passwords.Verify(account, body.CurrentPassword!) == PasswordVerificationResult.Failed)
        {
            // A stolen token must not become a way to guess the password: this counts like a wrong sign-in.
            await s.Guard.FailedAsync(account.Username, address, CancellationToken.None);
            return Problems.Field("currentPassword", "is not your current password.");
        }
        await s.Guard.SucceededAsync(account.Username, address, ct);

        var changed = StaffAccountRules.SetPassword(account, s.Passwords.Hash(account, body.NewPassword!), s.Clock.GetUtcNow(),
            StaffUser.NewSecurityStamp()).Account!;
        s.Session.Store(changed);
        AccessChanges.AccountChanged(s.Session, changed.Id);
        await s.Session.SaveChangesAsync(ct);
        s.Stamps.Changed(changed);
        SecretResponses.Mark(http, "accessToken");
        return TypedResults.Ok(Token(changed, s.Tokens));
    }

    /// <summary>The hasher's settings moved on since this hash was made: keep the password under the current ones.</summary>
    private static async Task<StaffUser> RehashAsync(StaffUser account, string password, SignInServices s, CancellationToken ct)
    {
        var rehashed = account with { PasswordHash = s.Passwords.Hash(account, password) };
        s.Session.Store(rehashed);
        try
        {
            await s.Session.SaveChangesAsync(ct);
            return rehashed;
        }
        catch (JasperFx.ConcurrencyException)
        {
            // Changed meanwhile (perhaps a new password): that change stands, the rehash waits for the next sign-in.
            return account;
        }
    }

    // Token lifetimes are wall-clock time, like every token's.
    private static TokenResponse Token(StaffUser account, StaffTokens tokens) =>
        new(tokens.Issue(account, TimeProvider.System.GetUtcNow()), (int)StaffTokens.Lifetime.TotalSeconds, "Bearer",
            account.Role, account.Province, account.Username, account.OrganizationId, account.ExpertId);

    private static ProblemHttpResult InvalidCredentials() =>
        Problems.Of(401, "invalid_credentials", "The username or password is not right.");

    private static ProblemHttpResult Refused(HttpContext http, SignInGuard.Refusal refusal)
    {
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(refusal.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return refusal.Status == 423
            ? Problems.Of(423, refusal.Code, "This account is locked after repeated failed sign-ins.",
                "Try again after the time in Retry-After, or ask an admin to set a new password.")
            : Problems.Of(refusal.Status, refusal.Code, "Too many failed sign-ins from this address.",
                "Retry after the time in Retry-After.");
    }
}
