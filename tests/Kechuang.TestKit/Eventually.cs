namespace Kechuang.TestKit;

/// <summary>Waits for something asynchronous (a consumer, a projection) without fixed sleeps.</summary>
public static class Eventually
{
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? timeout = null, string? because = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        var last = await probe();
        while (!done(last))
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Condition not met within {timeout ?? TimeSpan.FromSeconds(20)}{(because is null ? "" : ": " + because)}. Last value: {last}");
            await Task.Delay(50);
            last = await probe();
        }
        return last;
    }

    public static Task True(Func<Task<bool>> probe, TimeSpan? timeout = null, string? because = null) =>
        Until(probe, x => x, timeout, because);
}
