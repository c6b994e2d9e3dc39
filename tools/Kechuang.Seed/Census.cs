using System.Collections.Frozen;
using System.Text;

namespace Kechuang.Seed;

/// <summary>
/// What the system holds, counted through the public API: each collection, by status where it has
/// one ("applications/designated"). The same queries answer a dashboard's counts.
/// </summary>
public sealed class Census(IReadOnlyDictionary<string, int> counts)
{
    private static readonly (string Name, string Path, string[] Statuses)[] ByStatus =
    [
        ("applications", "/api/v1/applications", ["draft", "submitted", "recommended", "returned", "not-recommended", "designated", "declined"]),
        ("experts", "/api/v1/experts", ["pending-vetting", "approved", "rejected"]),
        ("visit-requests", "/api/v1/visit-requests", ["open", "proposed", "confirmed", "delivered", "cancelled"]),
        ("resources", "/api/v1/resources", ["submitted", "changes-requested", "approved", "rejected", "published", "archived"]),
        ("courses", "/api/v1/courses", ["scheduled", "open"]),
        ("certifications", "/api/v1/certifications", ["assessing", "certified", "refused"]),
        ("experience-reports", "/api/v1/experience-reports", ["submitted", "published"]),
    ];

    private static readonly (string Name, string Path, bool Admin)[] Totals =
    [
        ("calls", "/api/v1/calls", false), ("pilots", "/api/v1/pilots", false), ("commendations", "/api/v1/commendations", false),
        ("resources/featured", "/api/v1/resources?featured=true", false), ("packages", "/api/v1/packages", false),
        ("subscriptions", "/api/v1/subscriptions", false), ("deliveries", "/api/v1/deliveries", false),
        ("training-bases", "/api/v1/training-bases", false), ("trainers", "/api/v1/trainers", false),
        ("campaigns", "/api/v1/campaigns", false), ("stations", "/api/v1/stations", false), ("coverage", "/api/v1/coverage?level=county", false),
        ("users", "/api/v1/users", true), ("api-keys", "/api/v1/api-keys", true),
    ];

    /// <summary>The counts that consumers keep growing after the writes (pushes to subscribed schools, rural coverage, the trainer pool).</summary>
    public static readonly IReadOnlySet<string> Derived = new HashSet<string> { "deliveries", "coverage", "trainers" }.ToFrozenSet();

    public static int Queries => ByStatus.Sum(s => s.Statuses.Length) + Totals.Length + 1;

    public IReadOnlyDictionary<string, int> Counts => counts;

    public int this[string name] => counts.GetValueOrDefault(name);

    /// <summary>All records of a collection, whatever their status.</summary>
    public int Count(string collection) => counts.Where(c => c.Key.StartsWith(collection + "/", StringComparison.Ordinal)
        && ByStatus.Any(s => s.Name == collection && s.Statuses.Contains(c.Key[(collection.Length + 1)..]))).Sum(c => c.Value);

    public static async Task<Census> TakeAsync(SeedClient api, Caller centre, Caller admin, Progress progress, CancellationToken ct)
    {
        var queries = ByStatus.SelectMany(s => s.Statuses.Select(status => ($"{s.Name}/{status}", $"{s.Path}?status={status}", false)))
            .Concat(Totals.Select(t => (t.Name, t.Path, t.Admin))).ToList();
        var counts = new Dictionary<string, int>();
        await Parallel.ForEachAsync(queries, new ParallelOptions { MaxDegreeOfParallelism = 6, CancellationToken = ct }, async (q, _) =>
        {
            var total = await api.TotalAsync(q.Item3 ? admin : centre, q.Item2);
            lock (counts) counts[q.Item1] = total;
            progress.Step();
        });
        // Seats and waitlists are counted on the courses themselves.
        var courses = await api.ListAllAsync(centre, "/api/v1/courses");
        counts["enrolments/enrolled"] = courses.Sum(c => c.GetProperty("enrolled").GetInt32());
        counts["enrolments/waitlisted"] = courses.Sum(c => c.GetProperty("waitlisted").GetInt32());
        progress.Step();
        return new Census(counts);
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var group in counts.OrderBy(c => c.Key, StringComparer.Ordinal).GroupBy(c => c.Key.Split('/')[0]))
            text.AppendLine($"  {group.Key,-20} " + string.Join(", ", group.Select(c => c.Key.Contains('/') ? $"{c.Key[(group.Key.Length + 1)..]} {c.Value}" : $"{c.Value}")));
        return text.ToString();
    }
}
