using System.Threading.RateLimiting;

namespace Kechuang.Gateway.Limits;

/// <summary>
/// How many failures (unknown API keys, wrong passwords) one client address may cause: a bucket
/// of <c>permits</c> that refills evenly over <c>period</c>. Only failures spend it, so a caller who
/// gets it right is never slowed; once it is spent the address is refused before any database
/// read. Kept per gateway node, like the other limits.
/// </summary>
public sealed class FailureBudget : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly TimeSpan _refill;

    public FailureBudget(int permits, TimeSpan period)
    {
        var refill = _refill = period / Math.Max(1, permits);
        _limiter = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetTokenBucketLimiter(address, _ =>
            new TokenBucketRateLimiterOptions
            {
                TokenLimit = permits,
                TokensPerPeriod = 1,
                ReplenishmentPeriod = refill,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    /// <summary>When the address has no failure left: how long until it has one again.</summary>
    public TimeSpan? SpentFor(string address) =>
        // Whole permits only: the bucket refills by fractions, and asking for zero permits succeeds on any fraction.
        _limiter.GetStatistics(address)?.CurrentAvailablePermits >= 1 ? null : _refill;

    public void Spend(string address)
    {
        using var _ = _limiter.AttemptAcquire(address);
    }

    public void Dispose() => _limiter.Dispose();
}
