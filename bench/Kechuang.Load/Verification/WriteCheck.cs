using Kechuang.Load.Http;

namespace Kechuang.Load.Verification;

public sealed record WriteCheckResult(int Acknowledged, int Records, int Lost, IReadOnlyDictionary<string, int> AcknowledgedByKind, IReadOnlyList<string> LostExamples);

/// <summary>
/// Every acknowledged write is still there: the record's history (its event stream, read back
/// through the gateway) holds, at the version the write answered, an event of the type that
/// write appends. A write that was acknowledged but rolled back, or overwritten by a later write
/// that took its version, is lost.
/// </summary>
public static class WriteCheck
{
    public static async Task<WriteCheckResult> VerifyAsync(Client gateway, PartnerPool readers, Ledger ledger, CancellationToken ct)
    {
        var byRecord = ledger.Writes.GroupBy(w => w.Record).ToList();
        var lost = new List<string>();
        var lostCount = 0;
        await Parallel.ForEachAsync(byRecord, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct }, async (record, token) =>
        {
            var reply = await gateway.SendUntilAnsweredAsync(Call.Get($"{record.Key}/history", readers.Next(), 404), token);
            var history = reply.Status == 404
                ? []
                : reply.Json.EnumerateArray().Select(e => (Type: e.GetProperty("type").GetString()!, Version: e.GetProperty("version").GetInt64())).ToList();
            foreach (var write in record)
            {
                var present = write.Version is { } version
                    ? history.Any(e => e.Version == version && write.EventTypes.Contains(e.Type))
                    : history.Any(e => write.EventTypes.Contains(e.Type));
                if (present) continue;
                Interlocked.Increment(ref lostCount);
                lock (lost)
                    if (lost.Count < 20)
                        lost.Add($"{write.Route} {write.Record} v{write.Version}: history has [{string.Join(", ", history.Select(e => $"{e.Version}:{e.Type}"))}]");
            }
        });
        return new WriteCheckResult(ledger.Writes.Count, byRecord.Count, lostCount,
            ledger.Writes.GroupBy(w => w.Route).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()), lost);
    }
}
