namespace Kechuang.Gateway.Access.SignIn;

/// <summary>Counts of wrong passwords matter for <see cref="SignInGuard.Window"/>; older ones are removed every quarter of an hour.</summary>
public sealed class SignInFailurePurge(SignInGuard guard, ILogger<SignInFailurePurge> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(SignInGuard.Window);
        while (await timer.WaitForNextTickAsync(stop))
        {
            try
            {
                await guard.PurgeAsync(stop);
            }
            catch (Exception ex) when (!stop.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Purging old sign-in failures failed; will retry in {Minutes} minutes", SignInGuard.Window.TotalMinutes);
            }
        }
    }
}
