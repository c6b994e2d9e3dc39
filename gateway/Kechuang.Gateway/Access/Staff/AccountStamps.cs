using System.Collections.Concurrent;
using System.Diagnostics;
using Marten;

namespace Kechuang.Gateway.Access.Staff;

/// <summary>
/// Whether a staff token still stands: its account exists, is not disabled and still has the
/// security stamp the token carries. Each account's stamp is kept in memory for
/// <see cref="CacheFor"/>, so a token costs no database read on most requests. The node that
/// changes an account replaces its entry at once; other replicas read the change when their entry
/// expires, so within <see cref="CacheFor"/>.
/// </summary>
public sealed class AccountStamps(IDocumentStore store)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<Guid, Reading> _readings = new();

    /// <param name="Stamp">The stamp tokens must carry; null when no token of the account stands (disabled or gone).</param>
    /// <param name="Since">When the reading began (<see cref="Stopwatch"/> ticks).</param>
    private sealed record Reading(string? Stamp, long Since);

    public async Task<bool> IsCurrentAsync(Guid accountId, string stamp, CancellationToken ct)
    {
        if (!_readings.TryGetValue(accountId, out var reading) || Stopwatch.GetElapsedTime(reading.Since) > CacheFor)
        {
            var since = Stopwatch.GetTimestamp();
            await using var session = store.QuerySession();
            var account = await session.LoadAsync<StaffUser>(accountId, ct);
            reading = Keep(accountId, new Reading(StampOf(account), since));
        }
        return reading.Stamp is { } current && string.Equals(current, stamp, StringComparison.Ordinal);
    }

    /// <summary>The account changed on this node (its new state is committed): its tokens are judged by it from now on.</summary>
    public void Changed(StaffUser account) => Keep(account.Id, new Reading(StampOf(account), Stopwatch.GetTimestamp()));

    private static string? StampOf(StaffUser? account) => account is { IsDisabled: false } ? account.SecurityStamp : null;

    // A database read that began before a change may end after it: the later reading wins, so an
    // old stamp never comes back on the node that made the change.
    private Reading Keep(Guid accountId, Reading reading) =>
        _readings.AddOrUpdate(accountId, reading, (_, kept) => kept.Since > reading.Since ? kept : reading);
}
