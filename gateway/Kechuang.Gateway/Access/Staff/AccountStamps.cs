using System.Collections.Concurrent;
using System.Diagnostics;
using Marten;

namespace Kechuang.Gateway.Access.Staff;

/// <summary>
/// Whether a staff token still stands: its account exists, is not disabled and still has the
/// security stamp the token carries. Each account's stamp is kept in memory for
/// <see cref="CacheFor"/>, so a token costs no database read on most requests. The node that
/// changes an account replaces its entry at once; every other replica forgets its entry when it
/// hears the change (<see cref="AccessChanges"/>), or when the entry expires if it is not listening.
/// </summary>
public sealed class AccountStamps(IDocumentStore store)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<Guid, Reading> _readings = new();

    /// <summary>When every account was last forgotten (<see cref="ForgetAll"/>): older readings do not count.</summary>
    private long _allForgottenAt;

    /// <param name="Stamp">The stamp tokens must carry; null when no token of the account stands (disabled or gone).</param>
    /// <param name="Since">When the reading began (<see cref="Stopwatch"/> ticks).</param>
    /// <param name="Forgotten">A change was heard at <paramref name="Since"/>: the account must be read again.</param>
    private sealed record Reading(string? Stamp, long Since, bool Forgotten = false);

    public async Task<bool> IsCurrentAsync(Guid accountId, string stamp, CancellationToken ct)
    {
        // A change heard during a read wins over what was read: read again (three times at most).
        for (var attempt = 1; ; attempt++)
        {
            if (_readings.TryGetValue(accountId, out var kept) && Usable(kept)) return Stands(kept, stamp);
            var since = Stopwatch.GetTimestamp();
            await using var session = store.QuerySession();
            var account = await session.LoadAsync<StaffUser>(accountId, ct);
            var read = new Reading(StampOf(account), since);
            // The last try judges by what it read, which began after every change heard before it.
            if (Usable(Keep(accountId, read)) || attempt == 3) return Stands(read, stamp);
        }
    }

    private bool Usable(Reading reading) =>
        !reading.Forgotten && reading.Since >= Volatile.Read(ref _allForgottenAt) && Stopwatch.GetElapsedTime(reading.Since) <= CacheFor;

    private static bool Stands(Reading reading, string stamp) =>
        reading.Stamp is { } current && string.Equals(current, stamp, StringComparison.Ordinal);

    /// <summary>The account changed on this node (its new state is committed): its tokens are judged by it from now on.</summary>
    public void Changed(StaffUser account) => Keep(account.Id, new Reading(StampOf(account), Stopwatch.GetTimestamp()));

    /// <summary>
    /// The account changed on another node: read it again. A reading that began before this does
    /// not replace it, since it may not hold the change.
    /// </summary>
    public void Forget(Guid accountId) => Keep(accountId, new Reading(null, Stopwatch.GetTimestamp(), Forgotten: true));

    /// <summary>Every account is read again (changes may have been missed).</summary>
    public void ForgetAll() => Volatile.Write(ref _allForgottenAt, Stopwatch.GetTimestamp());

    private static string? StampOf(StaffUser? account) => account is { IsDisabled: false } ? account.SecurityStamp : null;

    // A database read that began before a change may end after it: the later reading wins, so an
    // old stamp never comes back on the node that made the change.
    private Reading Keep(Guid accountId, Reading reading) =>
        _readings.AddOrUpdate(accountId, reading, (_, kept) => kept.Since > reading.Since ? kept : reading);
}
