using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Npgsql;

namespace Kechuang.Dashboard.Replicas;

/// <summary>
/// The dashboard's tables and its key ring, kept by one replica at a time (a PostgreSQL advisory
/// lock): at start, before the endpoints, and then hourly. Under the lock a replica reads the ring
/// and makes a key only when none is valid now, or a successor when the newest expires within
/// <see cref="SuccessorLead"/>: the successor activates when that key expires, long after every
/// replica has read the ring again (each keeps it 24 hours at most).
/// </summary>
public sealed partial class DashboardStore(NpgsqlDataSource database, IKeyManager keys, TimeProvider clock, ILogger<DashboardStore> logger)
    : BackgroundService
{
    public static readonly TimeSpan KeyLifetime = TimeSpan.FromDays(90);
    public static readonly TimeSpan SuccessorLead = TimeSpan.FromDays(7);
    private static readonly TimeSpan Every = TimeSpan.FromHours(1);

    /// <summary>The dashboard's alone (its database is its own).</summary>
    private const long LockId = 44_460_016;

    private const string Schema = """
        create table if not exists data_protection_keys (
            id bigint generated always as identity primary key,
            friendly_name text not null,
            xml text not null,
            created_at timestamptz not null default now());
        create table if not exists staff_sessions (
            id text primary key,
            session text not null,
            expires_at timestamptz not null);
        create index if not exists staff_sessions_expires_at on staff_sessions (expires_at);
        """;

    /// <summary>
    /// Before the endpoints: waits for the database while it times out or refuses (a busy or
    /// restarting server; nothing outside Kubernetes would start an exited replica again) for
    /// five minutes at most, and ends the start on anything else.
    /// </summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var waiting = System.Diagnostics.Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await KeepAsync(cancellationToken);
                break;
            }
            catch (NpgsqlException e) when (e.IsTransient && !cancellationToken.IsCancellationRequested && waiting.Elapsed < TimeSpan.FromMinutes(5))
            {
                NotAnswering(logger, attempt, e);
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            }
        }
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await KeepAsync(stoppingToken);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                // The next hour tries again; the ring in hand stays valid for days.
                KeepFailed(logger, e);
            }
        }
    }

    /// <summary>The tables, then a key valid now and a successor in time, under the lock.</summary>
    public async Task KeepAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await using (var wait = new NpgsqlCommand("select pg_advisory_lock(@id)", connection))
        {
            wait.Parameters.AddWithValue("id", LockId);
            wait.CommandTimeout = 0;
            await wait.ExecuteNonQueryAsync(ct);
        }
        try
        {
            await using (var schema = new NpgsqlCommand(Schema, connection))
                await schema.ExecuteNonQueryAsync(ct);
            var now = clock.GetUtcNow();
            var usable = keys.GetAllKeys().Where(k => !k.IsRevoked).ToList();
            if (!usable.Any(k => k.ActivationDate <= now && k.ExpirationDate > now))
            {
                keys.CreateNewKey(now, now + KeyLifetime);
                return;
            }
            var newest = usable.Max(k => k.ExpirationDate);
            if (newest - now < SuccessorLead) keys.CreateNewKey(newest, newest + KeyLifetime);
        }
        finally
        {
            await using var release = new NpgsqlCommand("select pg_advisory_unlock(@id)", connection);
            release.Parameters.AddWithValue("id", LockId);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database did not answer at start (attempt {Attempt}); trying again in 2 s")]
    private static partial void NotAnswering(ILogger logger, int attempt, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check the dashboard's key ring; trying again in an hour")]
    private static partial void KeepFailed(ILogger logger, Exception exception);
}
