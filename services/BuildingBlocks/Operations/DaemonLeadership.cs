using JasperFx.Events.Daemon;
using Kechuang.BuildingBlocks.Messaging;
using Npgsql;

namespace Kechuang.BuildingBlocks.Operations;

/// <summary>
/// Which replica runs each of the async daemon's shards (the event bridge, each async projection).
/// Marten's HotCold election takes one advisory lock per shard (its distributor's lock id); the
/// holder is the session in <c>pg_locks</c>, whose <c>application_name</c> in <c>pg_stat_activity</c>
/// is its replica's name (<see cref="ReplicaName"/>). Asked of the database, so every replica gives
/// the same answer.
/// </summary>
public sealed class DaemonLeadership(IProjectionCoordinator coordinator, DaemonLeadership.Target target, ReplicaName replica, ServiceIdentity service)
{
    public sealed record Target(string ConnectionString);

    /// <summary>A shard (<c>Name:Key</c>, as in the progress table) and the replica holding its lock, if one does.</summary>
    public sealed record ShardHolder(string Shard, string? Replica);

    /// <summary>This replica, as its connections name it.</summary>
    public string Me => ReplicaOf(replica.ApplicationNameFor(service.Name));

    public async Task<IReadOnlyList<ShardHolder>> HoldersAsync(CancellationToken ct)
    {
        if (((ProjectionCoordinatorBase)coordinator).Distributor is not { } distributor) return [];
        var sets = await distributor.BuildDistributionAsync();
        if (sets.Count == 0) return [];

        await using var connection = new NpgsqlConnection(target.ConnectionString);
        await connection.OpenAsync(ct);
        // A bigint advisory key is split into classid (high 32 bits) and objid (low 32 bits).
        await using var command = new NpgsqlCommand("""
            select (l.classid::bigint << 32) | l.objid::bigint, a.application_name
            from pg_locks l join pg_stat_activity a on a.pid = l.pid
            where l.locktype = 'advisory' and l.granted and l.objsubid = 1
              and l.database = (select oid from pg_database where datname = current_database())
              and ((l.classid::bigint << 32) | l.objid::bigint) = any(@ids)
            """, connection);
        command.Parameters.AddWithValue("ids", sets.Select(s => (long)s.LockId).ToArray());
        var holders = new Dictionary<long, string>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
                holders[reader.GetInt64(0)] = ReplicaOf(reader.IsDBNull(1) ? "" : reader.GetString(1));
        }
        return sets
            .SelectMany(s => s.Names.Select(n => new ShardHolder(n.Identity, holders.GetValueOrDefault((long)s.LockId))))
            .OrderBy(h => h.Shard, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The replica holding every shard's lock; none while no replica leads or while the shards are spread over several.</summary>
    public static string? LeaderOf(IReadOnlyList<ShardHolder> holders)
    {
        var distinct = holders.Select(h => h.Replica).Distinct().ToList();
        return distinct is [{ } one] ? one : null;
    }

    /// <summary>Whether this replica holds the locks of every shard of <paramref name="projection"/> (true when it has none: an inline projection).</summary>
    public async Task<bool> RunsAsync(string projection, CancellationToken ct) =>
        (await HoldersAsync(ct)).Where(h => h.Shard.Split(':')[0] == projection).All(h => h.Replica == Me);

    private string ReplicaOf(string applicationName)
    {
        var prefix = service.Name + "@";
        return applicationName.StartsWith(prefix, StringComparison.Ordinal) ? applicationName[prefix.Length..] : applicationName;
    }
}
