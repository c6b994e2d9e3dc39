using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Kechuang.BuildingBlocks.Operations;

/// <summary>
/// Each replica listens for rebuild requests (<see cref="ProjectionRebuilds.Channel"/>) and runs
/// those whose projection its own daemon runs. It also looks every 5 s, for a request recorded
/// while no replica led (the leader elected afterwards takes it) or a notification missed while
/// its connection was down: one small query per replica. As it connects it tidies the table:
/// withdraws what waited longer than <see cref="ProjectionRebuilds.PendingFor"/> (never run) and
/// deletes what finished longer than <see cref="ProjectionRebuilds.KeptFor"/> ago.
/// </summary>
public sealed class RebuildRelay(ProjectionRebuilds rebuilds, ProjectionRebuilds.Target target, DaemonLeadership leadership,
    ILogger<RebuildRelay> logger) : BackgroundService
{
    private static readonly TimeSpan Look = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(target.ConnectionString);
                await connection.OpenAsync(stop);
                await using (var listen = new NpgsqlCommand($"listen {ProjectionRebuilds.Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stop);
                await rebuilds.AbandonUnrecordedAsync(connection, leadership.Me, stop);
                await rebuilds.WithdrawExpiredAsync(connection, stop);
                await rebuilds.PruneAsync(connection, stop);
                while (!stop.IsCancellationRequested)
                {
                    await RunWhatIsMineAsync(connection, stop);
                    // A notification or the next look, whichever comes first.
                    await connection.WaitAsync(Look, stop);
                }
            }
            catch (Exception ex) when (!stop.IsCancellationRequested)
            {
                logger.LogWarning(ex, "The projection rebuild relay lost its connection; it listens again shortly");
                await Task.Delay(Look, stop);
            }
        }
    }

    private async Task RunWhatIsMineAsync(NpgsqlConnection connection, CancellationToken stop)
    {
        foreach (var request in await rebuilds.PendingAsync(connection, stop))
        {
            if (!await leadership.RunsAsync(request.Projection, stop)) continue;
            if (!await rebuilds.ClaimAsync(connection, request.Id, leadership.Me, stop)) continue;
            string? error = null;
            try
            {
                await rebuilds.RebuildHereAsync(request.Projection, stop);
            }
            catch (Exception ex) when (!stop.IsCancellationRequested)
            {
                logger.LogError(ex, "Rebuilding projection {Projection} failed", request.Projection);
                error = ex.Message;
            }
            await rebuilds.RecordAsync(connection, request.Id, error, stop);
        }
    }
}
