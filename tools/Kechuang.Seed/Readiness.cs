namespace Kechuang.Seed;

/// <summary>Waits for the gateway to report every service ready, as <c>./kechuang run --demo</c> needs right after the start.</summary>
public static class Readiness
{
    public static async Task<bool> WaitAsync(HttpClient http, TimeSpan timeout, TextWriter log)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        var told = false;
        while (true)
        {
            try
            {
                using var answer = await http.GetAsync("/health/ready");
                if (answer.IsSuccessStatusCode) return true;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            if (DateTimeOffset.UtcNow > deadline) return false;
            if (!told) log.WriteLine($"waiting for {http.BaseAddress}health/ready …");
            told = true;
            await Task.Delay(1000);
        }
    }
}
