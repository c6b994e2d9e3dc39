namespace Kechuang.Gateway.Webhooks.Dispatch;

/// <summary>Wakes the dispatcher when there is work (new deliveries, a finished attempt) rather than at its next poll.</summary>
public sealed class DispatchSignal
{
    private readonly SemaphoreSlim _signal = new(0);

    public void Wake()
    {
        if (_signal.CurrentCount == 0) _signal.Release();
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}
