using Kechuang.BuildingBlocks.Domain;

namespace Kechuang.Gateway.Access.Staff;

/// <summary>What an admin or the account's own user may change on a staff account, and what that does to its tokens.</summary>
public static class StaffAccountRules
{
    /// <summary>A disabled account cannot sign in, and its tokens stop working (a new stamp), also after it is enabled again.</summary>
    public static AccountChange Disable(StaffUser account, DateTimeOffset now, string newStamp) =>
        account.IsDisabled
            ? DomainError.InvalidState("The account is already disabled.")
            : account with { DisabledAt = now, SecurityStamp = newStamp };

    public static AccountChange Enable(StaffUser account) =>
        account.IsDisabled
            ? account with { DisabledAt = null }
            : DomainError.InvalidState("The account is not disabled.");

    /// <summary>A new password (an admin's reset or the user's own change) ends every token issued before it.</summary>
    public static AccountChange SetPassword(StaffUser account, string passwordHash, DateTimeOffset now, string newStamp) =>
        account with { PasswordHash = passwordHash, PasswordChangedAt = now, SecurityStamp = newStamp };
}

/// <summary>The account as a rule changed it, or why not.</summary>
public readonly record struct AccountChange(StaffUser? Account, DomainError? Error)
{
    public static implicit operator AccountChange(StaffUser account) => new(account, null);

    public static implicit operator AccountChange(DomainError error) => new(null, error);
}
