namespace Kechuang.Gateway.Webhooks.Dispatch;

/// <summary>Where an attempt goes (host and port) and whose webhook it is.</summary>
public sealed record DeliveryLane(string Receiver, string Owner);

/// <summary>
/// How many attempts may run at once: <paramref name="overall"/> in all, <paramref name="perReceiver"/>
/// against one receiver and <paramref name="perOwner"/> for one owner's webhooks. A receiver that never
/// answers holds at most its own share, and an owner whose receivers never answer at most its share.
/// Thread-safe: attempts end on other threads.
/// </summary>
public sealed class DeliverySlots(int overall, int perReceiver, int perOwner)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _byReceiver = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _byOwner = new(StringComparer.Ordinal);
    private int _total;

    public int Free
    {
        get
        {
            lock (_gate) return overall - _total;
        }
    }

    /// <summary>True when the lane's receiver or owner has all the attempts it may have.</summary>
    public bool IsFull(DeliveryLane lane)
    {
        lock (_gate) return IsFullNow(lane);
    }

    public bool TryTake(DeliveryLane lane)
    {
        lock (_gate)
        {
            if (_total >= overall || IsFullNow(lane)) return false;
            _byReceiver[lane.Receiver] = _byReceiver.GetValueOrDefault(lane.Receiver) + 1;
            _byOwner[lane.Owner] = _byOwner.GetValueOrDefault(lane.Owner) + 1;
            _total++;
            return true;
        }
    }

    public void Release(DeliveryLane lane)
    {
        lock (_gate)
        {
            if (!_byReceiver.ContainsKey(lane.Receiver) || !_byOwner.ContainsKey(lane.Owner)) return;
            Decrement(_byReceiver, lane.Receiver);
            Decrement(_byOwner, lane.Owner);
            _total--;
        }
    }

    private bool IsFullNow(DeliveryLane lane) =>
        _byReceiver.GetValueOrDefault(lane.Receiver) >= perReceiver || _byOwner.GetValueOrDefault(lane.Owner) >= perOwner;

    private static void Decrement(Dictionary<string, int> counts, string key)
    {
        if (counts[key] > 1) counts[key]--;
        else counts.Remove(key);
    }
}
