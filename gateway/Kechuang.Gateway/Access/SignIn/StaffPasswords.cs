using System.Security.Cryptography;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.Gateway.Access.Staff;
using Microsoft.AspNetCore.Identity;

namespace Kechuang.Gateway.Access.SignIn;

/// <summary>
/// Staff passwords, hashed with ASP.NET Core Identity's hasher. A sign-in for a username that does
/// not exist is checked against a hash of a random password, so it costs the same hashing as a
/// wrong password for a real account and its answer takes as long.
/// </summary>
public sealed class StaffPasswords(IPasswordHasher<StaffUser> hasher)
{
    public const int MinLength = 10;
    public const int MaxLength = 200;

    private static readonly StaffUser Nobody = new(Guid.Empty, "", "", "", null, DateTimeOffset.MinValue, "");
    private readonly Lazy<string> _nobodysHash = new(() => hasher.HashPassword(Nobody, RandomNumberGenerator.GetHexString(32)));

    public string Hash(StaffUser account, string password) => hasher.HashPassword(account, password);

    /// <summary>Whether <paramref name="password"/> is the account's; for no account, always false after the same work.</summary>
    public PasswordVerificationResult Verify(StaffUser? account, string password)
    {
        if (account is not null) return hasher.VerifyHashedPassword(account, account.PasswordHash, password);
        hasher.VerifyHashedPassword(Nobody, _nobodysHash.Value, password);
        return PasswordVerificationResult.Failed;
    }

    /// <summary>Field errors of a new password, if any. Its length is counted in characters (Unicode code points), as the schema's <c>maxLength</c> is.</summary>
    public static string? Problem(string password) => Vocabulary.CharacterCount(password) switch
    {
        < MinLength => $"must have at least {MinLength} characters.",
        > MaxLength => $"must have at most {MaxLength} characters.",
        _ => null,
    };
}
