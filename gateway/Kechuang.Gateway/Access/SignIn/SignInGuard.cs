using Kechuang.Gateway.Limits;
using Marten;
using Npgsql;
using NpgsqlTypes;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Kechuang.Gateway.Access.SignIn;

/// <summary>
/// What stands between a guesser and a staff password. Wrong passwords are counted per username
/// and client address, with one atomic statement in PostgreSQL, so each of many parallel attempts
/// counts: <see cref="MaxFailures"/> within <see cref="Window"/> lock that username for that
/// address for <see cref="Window"/> (423). A flood from one address therefore does not lock the
/// owner out when signing in from another; in exchange a guesser with many addresses gets
/// <see cref="MaxFailures"/> tries per address, which the per-address budget bounds
/// (<c>Kechuang:SignIn:FailuresPerAddress</c> wrong passwords per <see cref="Window"/>, any
/// username; 429: each attempt takes a permit before its password is checked and the right
/// password gives it back, so a burst of parallel guesses gets no more checks than permits left).
/// Usernames that do not exist are counted the same way, so no answer tells whether an account exists.
/// </summary>
public sealed class SignInGuard
{
    public const string TableName = "sign_in_failures";
    public const int MaxFailures = 5;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    private readonly IDocumentStore _store;
    private readonly TimeProvider _clock;
    private readonly FailureBudget _perAddress;
    private readonly string _table;

    public SignInGuard(IDocumentStore store, TimeProvider clock, IConfiguration configuration)
    {
        _store = store;
        _clock = clock;
        _perAddress = new FailureBudget(configuration.GetValue("Kechuang:SignIn:FailuresPerAddress", 30), Window);
        _table = $"{store.Options.DatabaseSchemaName}.{TableName}";
    }

    /// <summary>Why this attempt is not even checked, with how long to wait; null when it may go ahead.</summary>
    public sealed record Refusal(int Status, string Code, TimeSpan RetryAfter);

    public static Table Table(string schema)
    {
        var table = new Table(new PostgresqlObjectName(schema, TableName, SchemaUtils.IdentifierUsage.General));
        table.AddColumn("username", "text").AsPrimaryKey();
        table.AddColumn("address", "text").AsPrimaryKey();
        table.AddColumn("failures", "integer").NotNull();
        table.AddColumn("last_failure_at", "timestamptz").NotNull();
        table.AddColumn("locked_until", "timestamptz");
        return table;
    }

    /// <summary>
    /// Takes a permit of the address's budget for this attempt, unless it is refused: then nothing
    /// is checked and the caller answers the refusal. Follow an attempt let through with
    /// <see cref="FailedAsync"/> (the permit stays spent) or <see cref="SucceededAsync"/> (it is given back).
    /// </summary>
    public async Task<Refusal?> RefuseAsync(string username, string address, CancellationToken ct)
    {
        if (_perAddress.TryTake(address) is { } wait) return new Refusal(429, "rate_limited", wait);
        object? lockedUntil;
        try
        {
            lockedUntil = await RunAsync($"select locked_until from {_table} where username = @username and address = @address",
                p => Names(p, username, address), (c, t) => c.ExecuteScalarAsync(t), ct);
        }
        catch
        {
            Abandoned(address);
            throw;
        }
        var now = _clock.GetUtcNow().UtcDateTime;
        if (lockedUntil is not DateTime until || until <= now) return null;
        Abandoned(address); // no password is checked
        return new Refusal(423, "account_locked", until - now);
    }

    /// <summary>An attempt let through ended before its password was judged wrong (an error, a disabled account): its permit is given back.</summary>
    public void Abandoned(string address) => _perAddress.GiveBack(address);

    /// <summary>Counts a wrong password; the one that reaches <see cref="MaxFailures"/> locks the username for this address and starts a new count.</summary>
    public async Task FailedAsync(string username, string address, CancellationToken ct)
    {
        const string count = "case when f.last_failure_at <= @window_start then 1 else f.failures + 1 end";
        var now = _clock.GetUtcNow();
        await RunAsync(
            $"""
            insert into {_table} as f (username, address, failures, last_failure_at, locked_until)
            values (@username, @address, case when 1 >= @max then 0 else 1 end, @now, case when 1 >= @max then @until end)
            on conflict (username, address) do update set
                failures = case when {count} >= @max then 0 else {count} end,
                locked_until = case when {count} >= @max then @until else f.locked_until end,
                last_failure_at = @now
            """,
            p =>
            {
                Names(p, username, address);
                p.AddWithValue("max", MaxFailures);
                Times(p, now);
                p.AddWithValue("until", NpgsqlDbType.TimestampTz, (now + Window).UtcDateTime);
            },
            (c, t) => c.ExecuteNonQueryAsync(t), ct);
    }

    /// <summary>The right password from this address: its permit is given back and its count starts again.</summary>
    public Task SucceededAsync(string username, string address, CancellationToken ct)
    {
        Abandoned(address);
        return RunAsync($"delete from {_table} where username = @username and address = @address",
            p => Names(p, username, address), (c, t) => c.ExecuteNonQueryAsync(t), ct);
    }

    /// <summary>An admin set a new password: the username's counts and locks end, from every address.</summary>
    public Task ForgiveAsync(string username, CancellationToken ct) =>
        RunAsync($"delete from {_table} where username = @username",
            p => p.AddWithValue("username", username), (c, t) => c.ExecuteNonQueryAsync(t), ct);

    /// <summary>Which of <paramref name="usernames"/> are locked now from at least one address.</summary>
    public Task<IReadOnlySet<string>> LockedAsync(IReadOnlyList<string> usernames, CancellationToken ct) =>
        RunAsync($"select distinct username from {_table} where username = any(@usernames) and locked_until > @now",
            p =>
            {
                p.AddWithValue("usernames", usernames.ToArray());
                p.AddWithValue("now", NpgsqlDbType.TimestampTz, _clock.GetUtcNow().UtcDateTime);
            },
            async (c, t) =>
            {
                var locked = new HashSet<string>(StringComparer.Ordinal);
                await using var reader = await c.ExecuteReaderAsync(t);
                while (await reader.ReadAsync(t)) locked.Add(reader.GetString(0));
                return (IReadOnlySet<string>)locked;
            }, ct);

    /// <summary>Drops counts that can no longer lock anything.</summary>
    public Task PurgeAsync(CancellationToken ct) =>
        RunAsync($"delete from {_table} where last_failure_at <= @window_start and (locked_until is null or locked_until <= @now)",
            p => Times(p, _clock.GetUtcNow()), (c, t) => c.ExecuteNonQueryAsync(t), ct);

    private async Task<T> RunAsync<T>(
        string sql, Action<NpgsqlParameterCollection> parameters, Func<NpgsqlCommand, CancellationToken, Task<T>> run, CancellationToken ct)
    {
        await using var connection = _store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        parameters(command.Parameters);
        return await run(command, ct);
    }

    private static void Names(NpgsqlParameterCollection p, string username, string address)
    {
        p.AddWithValue("username", username);
        p.AddWithValue("address", address);
    }

    private static void Times(NpgsqlParameterCollection p, DateTimeOffset now)
    {
        p.AddWithValue("now", NpgsqlDbType.TimestampTz, now.UtcDateTime);
        p.AddWithValue("window_start", NpgsqlDbType.TimestampTz, (now - Window).UtcDateTime);
    }
}
