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
/// the leader's own shards, a rebuild on another replica would race them.
/// </summary>
public sealed class ProjectionRebuilds(ProjectionRebuilds.Target target, IProjectionCoordinator coordinator, IConfiguration configuration)
{
    public sealed record Target(string ConnectionString, string Schema);

    public const string Channel = "kechuang_projection_rebuilds";

    public enum Outcome { Rebuilt, Failed, NotStarted, StillRunning }

    public sealed record Answer(Outcome Outcome, string? RanOn, string? Error);

    public sealed record Pending(Guid Id, string Projection);

    private string TableName => $"{target.Schema}.kc_projection_rebuilds";

    /// <summary>
    /// How long a request waits for the outcome: below the gateway's 30 s idle timeout on a
    /// service's answer, so the operator hears this service's problem rather than the gateway's.
    /// </summary>
    private TimeSpan Wait => TimeSpan.FromSeconds(configuration.GetValue("Kechuang:Operations:RebuildWaitSeconds", 25));

    /// <summary>The requests table, created with the service's schema.</summary>
    public static Table Table(string schema)
    {
        var table = new Table(new PostgresqlObjectName(schema, "kc_projection_rebuilds", SchemaUtils.IdentifierUsage.General));
        table.AddColumn<Guid>("id").AsPrimaryKey();
        table.AddColumn<string>("projection").NotNull();
        table.AddColumn("status", "text").NotNull();
        table.AddColumn("requested_at", "timestamptz").NotNull().DefaultValueByExpression("now()");
        table.AddColumn("ran_on", "text").AllowNulls();
        table.AddColumn("error", "text").AllowNulls();
        table.AddColumn("finished_at", "timestamptz").AllowNulls();
        return table;
    }

    /// <summary>Records the request, wakes every replica's relay, and waits for the outcome.</summary>
    public async Task<Answer> RequestAsync(string projection, CancellationToken ct)
    {
        var id = Guid.NewGuid();
        await using var connection = new NpgsqlConnection(target.ConnectionString);
        await connection.OpenAsync(ct);
        await using (var insert = new NpgsqlCommand(
            $"with r as (insert into {TableName} (id, projection, status) values (@id, @projection, 'pending') returning id) " +
            "select pg_notify(@channel, id::text) from r", connection))
        {
            insert.Parameters.AddWithValue("id", id);
            insert.Parameters.AddWithValue("projection", projection);
            insert.Parameters.AddWithValue("channel", Channel);
            await insert.ExecuteNonQueryAsync(ct);
        }

        var deadline = DateTimeOffset.UtcNow + Wait;
        await using var read = new NpgsqlCommand($"select status, ran_on, error from {TableName} where id = @id", connection);
        read.Parameters.AddWithValue("id", id);
        try
        {
            while (DateTimeOffset.UtcNow < deadline)
            {
                await using (var reader = await read.ExecuteReaderAsync(ct))
                {
                    await reader.ReadAsync(ct);
                    var status = reader.GetString(0);
                    var ranOn = reader.IsDBNull(1) ? null : reader.GetString(1);
                    if (status == "rebuilt") return new Answer(Outcome.Rebuilt, ranOn, null);
                    if (status == "failed") return new Answer(Outcome.Failed, ranOn, reader.IsDBNull(2) ? null : reader.GetString(2));
                }
                await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
            }
        }
        catch (OperationCanceledException)
        {
            // The caller gave up: a request not claimed yet is withdrawn too.
            await WithdrawAsync(connection, id);
            throw;
        }

        // Not claimed by now: withdrawn, so no leader elected later runs a rebuild nobody waits for.
        return await WithdrawAsync(connection, id)
            ? new Answer(Outcome.NotStarted, null, null)
            : new Answer(Outcome.StillRunning, null, null);
    }

    /// <summary>Withdraws the request unless a replica claimed it; whether it did. Not on the caller's token: it must happen.</summary>
    private async Task<bool> WithdrawAsync(NpgsqlConnection connection, Guid id)
    {
        await using var withdraw = new NpgsqlCommand($"update {TableName} set status = 'withdrawn', finished_at = now() where id = @id and status = 'pending'", connection);
        withdraw.Parameters.AddWithValue("id", id);
        return await withdraw.ExecuteNonQueryAsync(CancellationToken.None) == 1;
    }

    internal async Task<IReadOnlyList<Pending>> PendingAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"select id, projection from {TableName} where status = 'pending' order by requested_at", connection);
        var pending = new List<Pending>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) pending.Add(new Pending(reader.GetGuid(0), reader.GetString(1)));
        return pending;
    }

    /// <summary>Claims a pending request for this replica; false when another replica claimed it first or it was withdrawn.</summary>
    internal async Task<bool> ClaimAsync(NpgsqlConnection connection, Guid id, string replica, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"update {TableName} set status = 'running', ran_on = @replica where id = @id and status = 'pending'", connection);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("replica", replica);
        return await command.ExecuteNonQueryAsync(ct) == 1;
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
        await daemon.RebuildProjectionAsync(projection, ct);
        // A rebuild leaves its shards stopped, and the coordinator restarts only missing or
        // paused ones: start again what ran here before, so the projection keeps up afterwards.
        foreach (var shard in runningBefore) await daemon.StartAgentAsync(shard, ct);
    }

    public static bool Exists(IDocumentStore store, string projection) =>
        store.Options.Events.Projections().Any(p => p.Name == projection);
}
