using Kechuang.Gateway.Access.Staff;
using Marten;
using Npgsql;

namespace Kechuang.Gateway.Access;

/// <summary>
/// What one gateway replica changes about who may call — a key revoked or created, a staff
/// account disabled, enabled or given a new password — every replica forgets at once. The change
/// is announced with PostgreSQL's <c>pg_notify</c> in the transaction that stores it, so it is
/// heard exactly when it is committed, never for a write that rolled back; each replica listens on
/// a connection of its own (<see cref="AccessChangeListener"/>) and drops its cached answer, so the
/// next request reads the database. The caches' 10 s lifetime remains the bound when a replica's
/// listening connection is down; one that reconnects forgets everything, for what it may have missed.
/// </summary>
public static class AccessChanges
{
    public const string Channel = "kechuang_gateway_access";

    private const string KeyPrefix = "key:";
    private const string AccountPrefix = "account:";

    /// <summary>The key with this hash changed: announced when <paramref name="session"/> commits.</summary>
    public static void KeyChanged(IDocumentSession session, string keyHash) => Announce(session, KeyPrefix + keyHash);

    /// <summary>The staff account changed: announced when <paramref name="session"/> commits.</summary>
    public static void AccountChanged(IDocumentSession session, Guid accountId) => Announce(session, AccountPrefix + accountId.ToString("N"));

    private static void Announce(IDocumentSession session, string payload) =>
        session.QueueSqlCommand("select pg_notify(?, ?)", Channel, payload);

    /// <summary>Applies one heard announcement to this replica's caches.</summary>
    internal static void Apply(string payload, Authenticator keys, AccountStamps accounts)
    {
        if (payload.StartsWith(KeyPrefix, StringComparison.Ordinal)) keys.Forget(payload[KeyPrefix.Length..]);
        else if (payload.StartsWith(AccountPrefix, StringComparison.Ordinal) && Guid.TryParseExact(payload[AccountPrefix.Length..], "N", out var id))
            accounts.Forget(id);
    }
}

/// <summary>Listens for <see cref="AccessChanges"/> on the gateway's database, reconnecting with backoff.</summary>
public sealed class AccessChangeListener(
    IConfiguration configuration, Authenticator keys, AccountStamps accounts, ILogger<AccessChangeListener> logger) : BackgroundService
{
    public const string ApplicationName = "kechuang-gateway-access";

    private long _heard;
    private volatile bool _listening;

    /// <summary>Announcements this replica has applied (tests wait on it: a change is in effect here once heard).</summary>
    public long Heard => Interlocked.Read(ref _heard);

    /// <summary>Whether the listening connection is up (after it came up, everything was forgotten once).</summary>
    public bool Listening => _listening;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(configuration.GetConnectionString($"{GatewayExtensions.Name}-db"))
        {
            ApplicationName = ApplicationName,
            // A keepalive query every few seconds: a connection lost without a word is noticed.
            KeepAlive = 5,
            Pooling = false,
        }.ConnectionString;
        var backoff = TimeSpan.FromMilliseconds(200);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                connection.Notification += (_, e) =>
                {
                    AccessChanges.Apply(e.Payload, keys, accounts);
                    Interlocked.Increment(ref _heard);
                };
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {AccessChanges.Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                // Whatever was announced while no connection listened is unknown here: forget it all.
                keys.ForgetAll();
                accounts.ForgetAll();
                _listening = true;
                backoff = TimeSpan.FromMilliseconds(200);
                while (true) await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                _listening = false;
                // Whatever went wrong, the gateway keeps serving (on the caches' lifetime) and listens again.
                logger.LogWarning(e, "Listening for access changes failed; other replicas' changes reach this one within the caches' lifetime until it listens again");
                await Task.Delay(backoff, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }
}
