namespace Kechuang.TestKit;

/// <summary>
/// Waits for something asynchronous (a consumer, a projection) without fixed sleeps. A probe that
/// throws (a <c>.Single()</c> before the projection has its row, a 404 before a read model
/// catches up) counts as "not yet" and is tried again; on timeout the last value or the last
/// exception is reported.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? timeout = null, string? because = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            Exception? failure = null;
            T last = default!;
            try
            {
                last = await probe();
                if (done(last)) return last;
            }
            catch (Exception ex)
            {
                failure = ex;
            }
            if (DateTime.UtcNow > deadline)
            {
                var reason = because is null ? "" : ": " + because;
                throw failure is null
                    ? new TimeoutException($"Condition not met within {limit}{reason}. Last value: {last}")
                    : new TimeoutException($"Condition not met within {limit}{reason}. The probe last threw: {failure.Message}", failure);
            }
            await Task.Delay(50);
        }
    }

    public static Task True(Func<Task<bool>> probe, TimeSpan? timeout = null, string? because = null) =>
        Until(probe, x => x, timeout, because);
}
