using Npgsql;

namespace Kechuang.Load.Measure;

/// <summary>One table's counters from <c>pg_stat_user_tables</c>.</summary>
public sealed record TableCounters(string Database, string Table, long Rows, long SeqScans, long SeqRowsRead, long IndexScans);

/// <summary>
/// Sequential scans on the services' tables: the counters of every user table before and after a
/// run, and which large tables were scanned sequentially in between (a read path that lacks an index).
/// </summary>
public static class SequentialScans
{
    public const long LargeTable = 10_000;

    public static async Task<IReadOnlyList<TableCounters>> TakeAsync(IEnumerable<(string Name, string Connection)> databases, CancellationToken ct)
    {
        var counters = new List<TableCounters>();
        foreach (var (name, connection) in databases)
        {
            await using var db = new NpgsqlConnection(connection);
            await db.OpenAsync(ct);
            await using var command = new NpgsqlCommand(
                """
                select schemaname || '.' || relname, n_live_tup, coalesce(seq_scan, 0), coalesce(seq_tup_read, 0), coalesce(idx_scan, 0)
                from pg_stat_user_tables
                """, db);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                counters.Add(new TableCounters(name, reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4)));
        }
        return counters;
    }

    /// <summary>Tables of more than <paramref name="minRows"/> rows (after) scanned sequentially between the two readings: the deltas, most rows read first.</summary>
    public static IReadOnlyList<TableCounters> Between(IReadOnlyList<TableCounters> before, IReadOnlyList<TableCounters> after, long minRows = LargeTable)
    {
        var earlier = before.ToDictionary(t => (t.Database, t.Table));
        return after
            .Select(a => earlier.TryGetValue((a.Database, a.Table), out var b)
                ? a with { SeqScans = a.SeqScans - b.SeqScans, SeqRowsRead = a.SeqRowsRead - b.SeqRowsRead, IndexScans = a.IndexScans - b.IndexScans }
                : a)
            .Where(t => t.Rows > minRows && t.SeqScans > 0)
            .OrderByDescending(t => t.SeqRowsRead)
            .ToList();
    }
}
