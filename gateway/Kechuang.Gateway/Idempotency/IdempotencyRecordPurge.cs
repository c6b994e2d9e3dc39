using Marten;

namespace Kechuang.Gateway.Idempotency;

/// <summary>Idempotency keys are honoured for 24 hours; older records are removed hourly.</summary>
public sealed class IdempotencyRecordPurge(IDocumentStore store, TimeProvider clock, ILogger<IdempotencyRecordPurge> logger) : BackgroundService
{
    public static readonly TimeSpan KeepFor = TimeSpan.FromHours(24);

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1));
        do
        {
            try
            {
                var cutoff = clock.GetUtcNow() - KeepFor;
                await using var session = store.LightweightSession();
                session.DeleteWhere<IdempotencyRecord>(r => r.CreatedAt < cutoff);
                await session.SaveChangesAsync(stop);
            }
            catch (Exception ex) when (!stop.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Purging old idempotency records failed; will retry in an hour");
            }
        } while (await timer.WaitForNextTickAsync(stop));
    }
}
