using Npgsql;

namespace Kechuang.Load.Measure;

/// <summary>One statement's counters from <c>pg_stat_statements</c>, summed over the system's databases.</summary>
public sealed record StatementCounters(long QueryId, string Query, long Calls, double ExecMs, long Rows);

/// <summary>What PostgreSQL spent on a phase: the statements' calls and execution time, per request.</summary>
public sealed record StatementCost(long Calls, double ExecMs, IReadOnlyList<StatementCounters> Top);

/// <summary>
/// The statements the system ran during a phase (<c>pg_stat_statements</c>, which <c>./kechuang
/// infra up</c> loads; taken before and after, so nobody else's counters are reset): how many a
/// request costs and which ones PostgreSQL spends its time on. Execution time is the server's;
/// planning and the connection's own work (parsing, sending rows) come on top.
/// </summary>
public static class StatementCosts
{
    /// <summary>The counters of the statements run in databases named <paramref name="prefix"/>*, or null where the extension is not there.</summary>
    public static async Task<IReadOnlyDictionary<long, StatementCounters>?> TakeAsync(string server, string prefix, CancellationToken ct)
    {
        try
        {
            await using var db = new NpgsqlConnection(server);
            await db.OpenAsync(ct);
            await using var command = new NpgsqlCommand(
                """
                select s.queryid, min(s.query), sum(s.calls)::bigint, sum(s.total_exec_time), sum(s.rows)::bigint
                from pg_stat_statements s join pg_database d on d.oid = s.dbid
                where d.datname like $1 and s.queryid is not null
                group by s.queryid
                """, db);
            command.Parameters.AddWithValue(prefix.Replace("_", "\\_", StringComparison.Ordinal) + "\\_%");
            await using var reader = await command.ExecuteReaderAsync(ct);
            var counters = new Dictionary<long, StatementCounters>();
            while (await reader.ReadAsync(ct))
                counters[reader.GetInt64(0)] = new(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetDouble(3), reader.GetInt64(4));
            return counters;
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.ObjectNotInPrerequisiteState
                                           or PostgresErrorCodes.InsufficientPrivilege)
        {
            return null; // no pg_stat_statements on this server, not preloaded, or not ours to read
        }
    }

    public static StatementCost Between(IReadOnlyDictionary<long, StatementCounters> before, IReadOnlyDictionary<long, StatementCounters> after, int top = 8)
    {
        var deltas = after.Values
            .Select(a => before.TryGetValue(a.QueryId, out var b)
                ? a with { Calls = a.Calls - b.Calls, ExecMs = a.ExecMs - b.ExecMs, Rows = a.Rows - b.Rows }
                : a)
            .Where(d => d.Calls > 0)
            .ToList();
        return new(deltas.Sum(d => d.Calls), deltas.Sum(d => d.ExecMs), [.. deltas.OrderByDescending(d => d.ExecMs).Take(top)]);
    }
}
