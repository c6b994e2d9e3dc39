namespace Kechuang.Gateway.Webhooks.Dispatch;

/// <summary>What an attempt counts against: its receiver (host and port) and its webhook's owner.</summary>
public readonly record struct DeliveryLane(string Receiver, string Owner);

/// <summary>
/// How many attempts may run at once: <paramref name="overall"/> in all, <paramref name="perReceiver"/>
/// against one receiver and <paramref name="perOwner"/> for one owner's webhooks. A receiver that never
/// answers holds at most its own share, and an owner with many such receivers at most the owner's.
/// Thread-safe: attempts end on other threads.
/// </summary>
public sealed class DeliverySlots(int overall, int perReceiver, int perOwner)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _receivers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _owners = new(StringComparer.Ordinal);
    private int _total;

    public int Free
    {
        get
        {
            lock (_gate) return overall - _total;
        }
    }

    /// <summary>True when another attempt in this lane would go over its receiver's or its owner's share.</summary>
    public bool IsFull(DeliveryLane lane)
    {
        lock (_gate) return IsFullLocked(lane);
    }

    public bool TryTake(DeliveryLane lane)
    {
        lock (_gate)
        {
            if (_total >= overall || IsFullLocked(lane)) return false;
            _receivers[lane.Receiver] = _receivers.GetValueOrDefault(lane.Receiver) + 1;
            _owners[lane.Owner] = _owners.GetValueOrDefault(lane.Owner) + 1;
            _total++;
            return true;
        }
    }

    public void Release(DeliveryLane lane)
    {
        lock (_gate)
        {
            if (!_receivers.ContainsKey(lane.Receiver) || !_owners.ContainsKey(lane.Owner)) return;
            Decrement(_receivers, lane.Receiver);
            Decrement(_owners, lane.Owner);
            _total--;
        }
    }

    private bool IsFullLocked(DeliveryLane lane) =>
        _receivers.GetValueOrDefault(lane.Receiver) >= perReceiver || _owners.GetValueOrDefault(lane.Owner) >= perOwner;

    private static void Decrement(Dictionary<string, int> counts, string key)
    {
        if (counts[key] > 1) counts[key]--;
        else counts.Remove(key);
    }
}
