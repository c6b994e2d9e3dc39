using System.Collections.Concurrent;
using System.Diagnostics;

namespace Kechuang.Gateway.Limits;

/// <summary>
/// How many failures (unknown API keys, wrong passwords) one client address may cause: a bucket
/// of <c>permits</c> that refills evenly over <c>period</c>. Each attempt takes a permit before it
/// is checked (<see cref="TryTake"/>) and gives it back when it succeeded (<see cref="GiveBack"/>),
/// so of any burst of parallel attempts at most the permits left are checked: none waits for
/// another's failure to be counted. A caller who gets it right is therefore never slowed, unless
/// it has more attempts in flight at once than permits left. Once the permits are spent the
/// address is refused before any database read. Kept per gateway node, like the other limits.
/// </summary>
public sealed class FailureBudget(int permits, TimeSpan period)
{
    /// <summary>Full buckets are dropped after this many takes, so addresses that come once do not pile up.</summary>
    private const int PruneEvery = 4096;

    private readonly int _permits = Math.Max(1, permits);
    private readonly TimeSpan _refill = period / Math.Max(1, permits);
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private long _takes;

    private sealed class Bucket(double available, long at)
    {
        public double Available = available;
        public long At = at;
        public bool Dropped;
    }

    /// <summary>Takes a permit for one attempt: null when taken, else how long until the address has one again.</summary>
    public TimeSpan? TryTake(string address)
    {
        if (Interlocked.Increment(ref _takes) % PruneEvery == 0) Prune();
        while (true)
        {
            var bucket = _buckets.GetOrAdd(address, static (_, permits) => new Bucket(permits, Stopwatch.GetTimestamp()), (double)_permits);
            lock (bucket)
            {
                if (bucket.Dropped) continue; // pruned meanwhile: take from its successor
                Refill(bucket, Stopwatch.GetTimestamp());
                if (bucket.Available >= 1)
                {
                    bucket.Available -= 1;
                    return null;
                }
                return _refill * (1 - bucket.Available);
            }
        }
    }

    /// <summary>The attempt succeeded (a valid key, the right password): its permit is the address's again.</summary>
    public void GiveBack(string address)
    {
        if (!_buckets.TryGetValue(address, out var bucket)) return;
        lock (bucket)
        {
            Refill(bucket, Stopwatch.GetTimestamp());
            bucket.Available = Math.Min(_permits, bucket.Available + 1);
        }
    }

    /// <summary>Under the bucket's lock, with the time read under it (so no refill runs backwards).</summary>
    private void Refill(Bucket bucket, long now)
    {
        bucket.Available = Math.Min(_permits, bucket.Available + Stopwatch.GetElapsedTime(bucket.At, now) / _refill);
        bucket.At = now;
    }

    private void Prune()
    {
        foreach (var entry in _buckets)
        {
            lock (entry.Value)
            {
                Refill(entry.Value, Stopwatch.GetTimestamp());
                if (entry.Value.Available < _permits) continue;
                entry.Value.Dropped = true;
                _buckets.TryRemove(entry);
            }
        }
    }
}
