using Kechuang.BuildingBlocks.Domain;

namespace Kechuang.Gateway.Access;

/// <summary>A staff account for the dashboard. The password is kept only as an ASP.NET Core Identity hash.</summary>
public sealed record StaffUser(
    Guid Id,
    string Username,
    string PasswordHash,
    string Role,
    string? Province,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    int FailedAttempts = 0,
    DateTimeOffset? LockedUntil = null)
{
    public const int MaxFailedAttempts = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    public Actor ToActor() => new($"user:{Id:N}", Username, Role, Province);

    public static string Normalize(string username) => username.Trim().ToLowerInvariant();

    public bool IsLockedAt(DateTimeOffset now) => LockedUntil is { } until && until > now;

    public StaffUser WithFailedAttempt(DateTimeOffset now)
    {
        var failures = FailedAttempts + 1;
        return failures >= MaxFailedAttempts
            ? this with { FailedAttempts = 0, LockedUntil = now + LockoutDuration }
            : this with { FailedAttempts = failures };
    }

    public StaffUser WithSuccessfulSignIn() => this with { FailedAttempts = 0, LockedUntil = null };
}
