using JasperFx;
using JasperFx.Events.Daemon;
using Marten;
using Microsoft.Extensions.Configuration;
using Npgsql;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Kechuang.BuildingBlocks.Operations;

/// <summary>
/// Projection rebuilds run where the projection runs, whichever replica the operator's request
/// reached: the request is a row in <c>&lt;service&gt;.kc_projection_rebuilds</c> with a
/// <c>pg_notify</c>; the replica whose daemon holds the projection's shards claims it, rebuilds and
/// records the outcome (<see cref="RebuildRelay"/>), and the request answers with it. Run beside
/// the leader's own shards, a rebuild on another replica would race them. A request may name
/// several projections (Outreach's coverage: both of its own), and may be refused while one of
/// them is already asked for or rebuilding through any replica.
/// </summary>
public sealed class ProjectionRebuilds(ProjectionRebuilds.Target target, IProjectionCoordinator coordinator, IConfiguration configuration)
{
    public sealed record Target(string ConnectionString, string Schema);

    public const string Channel = "kechuang_projection_rebuilds";

    /// <summary>
    /// A request's outcome, the worst of its projections': one failed, then one still running, then
    /// one withdrawn unclaimed; <see cref="Outcome.AlreadyRequested"/> when nothing was recorded.
    /// </summary>
    public enum Outcome { Rebuilt, Failed, NotStarted, StillRunning, AlreadyRequested }

    /// <summary>One projection of a request: <c>Status</c> as in the table (<c>rebuilt</c>, <c>failed</c>, <c>running</c>, <c>withdrawn</c>).</summary>
    public sealed record Run(string Projection, string Status, string? RanOn, string? Error);

    public sealed record Answer(Outcome Outcome, IReadOnlyList<Run> Runs)
    {
        /// <summary>The replicas that ran them, in the order asked (one, unless the daemon's shards are spread over several).</summary>
        public IReadOnlyList<string> RanOn => Runs.Select(r => r.RanOn).OfType<string>().Distinct().ToList();
    }

    public sealed record Pending(Guid Id, string Projection);

    private string TableName => $"{target.Schema}.kc_projection_rebuilds";

    /// <summary>
    /// How long a request waits for the outcome: below the gateway's 30 s idle timeout on a
    /// service's answer, so the operator hears this service's problem rather than the gateway's.
    /// </summary>
    private TimeSpan Wait => TimeSpan.FromSeconds(configuration.GetValue("Kechuang:Operations:RebuildWaitSeconds", 25));

    /// <summary>
    /// How long a request counts as asked for while no replica has claimed it: a leader claims one
    /// within seconds, and its requester withdraws it after <see cref="Wait"/>; one older than this
    /// was left by a requester that died first, and neither refuses a new request nor is run —
    /// unless another projection of the same request has begun (<see cref="StillAskedFor"/>).
    /// </summary>
    internal static readonly TimeSpan PendingFor = TimeSpan.FromMinutes(10);

    /// <summary>
    /// A pending row <c>r</c> is still asked for: requested within <c>@pendingFor</c>, or one of its
    /// request's other projections is running or finished within it (the relay runs a request's
    /// projections one after another, and a long first one must not leave the rest undone).
    /// </summary>
    private string StillAskedFor =>
        $"(r.requested_at > now() - @pendingFor or exists (select 1 from {TableName} begun where begun.request_id = r.request_id " +
        "and (begun.status = 'running' or begun.finished_at > now() - @pendingFor) and begun.status <> 'withdrawn'))";

    /// <summary>How long a finished request (rebuilt, failed, withdrawn) is kept for operators to look at.</summary>
    internal static readonly TimeSpan KeptFor = TimeSpan.FromDays(30);

    /// <summary>The requests table, created with the service's schema.</summary>
    public static Table Table(string schema)
    {
        var table = new Table(new PostgresqlObjectName(schema, "kc_projection_rebuilds", SchemaUtils.IdentifierUsage.General));
        table.AddColumn<Guid>("id").AsPrimaryKey();
        table.AddColumn<string>("projection").NotNull();
        table.AddColumn("status", "text").NotNull();
        table.AddColumn("requested_at", "timestamptz").NotNull().DefaultValueByExpression("now()");
        // The rows one request inserted together (null on rows recorded before it was kept).
        table.AddColumn<Guid>("request_id").AllowNulls();
        table.AddColumn("ran_on", "text").AllowNulls();
        table.AddColumn("error", "text").AllowNulls();
        table.AddColumn("finished_at", "timestamptz").AllowNulls();
        return table;
    }

    /// <summary>
    /// Records a request per projection, wakes every replica's relay, and waits for the outcomes.
    /// Each runs where its own shards run, so projections whose shards are spread over replicas are
    /// rebuilt each on its own.
    /// </summary>
    public Task<Answer> RequestAsync(IReadOnlyList<string> projections, CancellationToken ct) => RequestAsync(projections, false, ct);

    /// <summary>
    /// As <see cref="RequestAsync(IReadOnlyList{string}, CancellationToken)"/>, unless one of them is
    /// already waiting for a replica or being rebuilt, asked through any replica: then nothing is
    /// recorded (<see cref="Outcome.AlreadyRequested"/>). A request running on a replica that is
    /// gone (no session of its name left) does not count.
    /// </summary>
    public Task<Answer> RequestUnlessRequestedAsync(IReadOnlyList<string> projections, CancellationToken ct) => RequestAsync(projections, true, ct);

    private async Task<Answer> RequestAsync(IReadOnlyList<string> projections, bool unlessRequested, CancellationToken ct)
    {
        var ids = projections.Select(_ => Guid.NewGuid()).ToArray();
        await using var connection = new NpgsqlConnection(target.ConnectionString);
        await connection.OpenAsync(ct);
        if (!await InsertAsync(connection, ids, projections, unlessRequested, ct))
            return new Answer(Outcome.AlreadyRequested, []);

        var deadline = DateTimeOffset.UtcNow + Wait;
        try
        {
            while (DateTimeOffset.UtcNow < deadline)
            {
                var runs = await RunsAsync(connection, ids, ct);
                if (runs.All(r => r.Status is "rebuilt" or "failed")) return Of(runs);
                await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
            }
        }
        catch (OperationCanceledException)
        {
            // The caller gave up: a request no replica has begun is withdrawn too.
            await WithdrawAsync(connection, ids);
            throw;
        }

        // None claimed by now: withdrawn, so no leader elected later runs a rebuild nobody waits for.
        // Once one of them runs, the rest stay asked for: the relay runs them after it (504, still running).
        await WithdrawAsync(connection, ids);
        return Of(await RunsAsync(connection, ids, CancellationToken.None));
    }

    /// <summary>
    /// Inserts the requests and their notifications (sent on commit) in one transaction; the
    /// table's lock, taken by every request, makes "none requested yet" and the insert one step
    /// across replicas. False, with nothing inserted, when <paramref name="unlessRequested"/> and one is.
    /// </summary>
    private async Task<bool> InsertAsync(NpgsqlConnection connection, Guid[] ids, IReadOnlyList<string> projections, bool unlessRequested,
        CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // Held for three short statements; a requester that froze meanwhile must not hold every other one up for long.
        await using (var lockTable = new NpgsqlCommand(
            $"set local lock_timeout = '5s'; set local idle_in_transaction_session_timeout = '10s'; lock table {TableName} in share row exclusive mode",
            connection, transaction))
            await lockTable.ExecuteNonQueryAsync(ct);
        if (unlessRequested)
        {
            await using var requested = new NpgsqlCommand(
                // Pending: still asked for. Running: while its replica has a session on this database.
                $"select exists (select 1 from {TableName} r where r.projection = any(@projections) and ((r.status = 'pending' and {StillAskedFor}) " +
                "or (r.status = 'running' and exists (select 1 from pg_stat_activity a where a.datname = current_database() and a.application_name = @service || '@' || r.ran_on))))",
                connection, transaction);
            requested.Parameters.AddWithValue("projections", projections.ToArray());
            requested.Parameters.AddWithValue("service", target.Schema);
            requested.Parameters.AddWithValue("pendingFor", PendingFor);
            if (await requested.ExecuteScalarAsync(ct) is true) return false;
        }
        await using (var insert = new NpgsqlCommand(
            $"with r as (insert into {TableName} (id, projection, status, request_id) select id, projection, 'pending', @request from unnest(@ids, @projections) as p(id, projection) returning id) " +
            "select pg_notify(@channel, id::text) from r", connection, transaction))
        {
            insert.Parameters.AddWithValue("request", ids[0]);
            insert.Parameters.AddWithValue("ids", ids);
            insert.Parameters.AddWithValue("projections", projections.ToArray());
            insert.Parameters.AddWithValue("channel", Channel);
            await insert.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
        return true;
    }

    private async Task<IReadOnlyList<Run>> RunsAsync(NpgsqlConnection connection, Guid[] ids, CancellationToken ct)
    {
        await using var read = new NpgsqlCommand($"select id, projection, status, ran_on, error from {TableName} where id = any(@ids)", connection);
        read.Parameters.AddWithValue("ids", ids);
        var runs = new Dictionary<Guid, Run>();
        await using var reader = await read.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            runs[reader.GetGuid(0)] = new Run(reader.GetString(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4));
        }
        return ids.Select(id => runs[id]).ToList();
    }

    private static Answer Of(IReadOnlyList<Run> runs) => new(
        runs.Any(r => r.Status == "failed") ? Outcome.Failed
        : runs.Any(r => r.Status == "running") ? Outcome.StillRunning
        : runs.Any(r => r.Status == "withdrawn") ? Outcome.NotStarted
        : Outcome.Rebuilt,
        runs);

    /// <summary>
    /// Withdraws a request no replica has begun (none of its projections claimed): one that has begun
    /// keeps the rest, so its read models are not left half rebuilt. Not on the caller's token: it must happen.
    /// </summary>
    private async Task WithdrawAsync(NpgsqlConnection connection, Guid[] ids)
    {
        await using var withdraw = new NpgsqlCommand(
            $"update {TableName} set status = 'withdrawn', finished_at = now() where id = any(@ids) and status = 'pending' " +
            $"and not exists (select 1 from {TableName} begun where begun.id = any(@ids) and begun.status <> 'pending')", connection);
        withdraw.Parameters.AddWithValue("ids", ids);
        await withdraw.ExecuteNonQueryAsync(CancellationToken.None);
    }

    /// <summary>The requests waiting for a replica, oldest first: those still asked for (<see cref="StillAskedFor"/>).</summary>
    internal async Task<IReadOnlyList<Pending>> PendingAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"select r.id, r.projection from {TableName} r where r.status = 'pending' and {StillAskedFor} order by r.requested_at", connection);
        command.Parameters.AddWithValue("pendingFor", PendingFor);
        var pending = new List<Pending>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) pending.Add(new Pending(reader.GetGuid(0), reader.GetString(1)));
        return pending;
    }

    /// <summary>
    /// Claims a pending request for this replica; false when another replica claimed it first, it
    /// was withdrawn, or it is no longer asked for (<see cref="StillAskedFor"/>).
    /// </summary>
    internal async Task<bool> ClaimAsync(NpgsqlConnection connection, Guid id, string replica, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"update {TableName} r set status = 'running', ran_on = @replica where r.id = @id and r.status = 'pending' and {StillAskedFor}", connection);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("replica", replica);
        command.Parameters.AddWithValue("pendingFor", PendingFor);
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>
    /// Records as failed what this replica's relay claimed and never recorded (its connection lost
    /// meanwhile, or the replica restarted under the same name): called as the relay connects, when
    /// no rebuild of its own is running, so such a request does not look like one running forever.
    /// </summary>
    internal async Task AbandonUnrecordedAsync(NpgsqlConnection connection, string replica, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"update {TableName} set status = 'failed', error = 'interrupted before its outcome was recorded', finished_at = now() " +
            "where status = 'running' and ran_on = @replica", connection);
        command.Parameters.AddWithValue("replica", replica);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Withdraws the pending requests no longer asked for (<see cref="StillAskedFor"/>), left by
    /// requesters that died before withdrawing them: no replica runs them, and the table says so.
    /// </summary>
    internal async Task WithdrawExpiredAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"update {TableName} r set status = 'withdrawn', finished_at = now() where r.status = 'pending' and not {StillAskedFor}", connection);
        command.Parameters.AddWithValue("pendingFor", PendingFor);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Deletes the requests finished longer than <see cref="KeptFor"/> ago, so the table stays small.</summary>
    internal async Task PruneAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"delete from {TableName} where status in ('rebuilt', 'failed', 'withdrawn') and finished_at < now() - @keptFor", connection);
        command.Parameters.AddWithValue("keptFor", KeptFor);
        await command.ExecuteNonQueryAsync(ct);
    }

    internal async Task RecordAsync(NpgsqlConnection connection, Guid id, string? error, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"update {TableName} set status = @status, error = @error, finished_at = now() where id = @id", connection);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("status", error is null ? "rebuilt" : "failed");
        command.Parameters.AddWithValue("error", (object?)error ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Rebuilds on this replica's daemon and starts again the shards that ran here before.</summary>
    internal async Task RebuildHereAsync(string projection, CancellationToken ct)
    {
        var daemon = coordinator.DaemonForMainDatabase();
        var runningBefore = daemon.CurrentAgents()
            .Where(a => a.Name.Name == projection && a.Status == AgentStatus.Running).Select(a => a.Name.Identity).ToList();
        try
        {
            await daemon.RebuildProjectionAsync(projection, ct);
        }
        finally
        {
            // A rebuild leaves its shards stopped (a failed one too), and the coordinator restarts only
            // missing or paused ones: start again what ran here before, so the projection keeps up afterwards.
            foreach (var shard in runningBefore) await daemon.StartAgentAsync(shard, CancellationToken.None);
        }
    }

    public static bool Exists(IDocumentStore store, string projection) =>
        store.Options.Events.Projections().Any(p => p.Name == projection);
}
