using System.Text.Json;
using Kechuang.Load.Http;
using Kechuang.Load.Seeding;

namespace Kechuang.Load.Verification;

/// <summary>A consumer-side figure next to the source service's records it is built from.</summary>
public sealed record Comparison(string What, long Source, long Consumer, long Mismatched)
{
    public bool Matches => Mismatched == 0;
}

/// <summary>
/// Did every event reach every consumer exactly once in effect? Each consumer's state is
/// compared with the records of the service whose events built it: Training's trainer pool with
/// the experts Experts approved as trainers; Outreach's coverage with the rural visits delivered
/// (Experts), the rural deliveries (Resources), the rural teachers' completed courses (Training)
/// and the designated pilots (Applications); Resources' own pushes with the published resources
/// that match its subscriptions. A lost event shows as a shortfall, a double-counted one as a surplus.
/// </summary>
public static class Consistency
{
    public static async Task<IReadOnlyList<Comparison>> CompareAsync(Client gateway, World world, CancellationToken ct)
    {
        var centre = world.Centres.Next();
        var result = new List<Comparison>();

        var trainers = (await Paging.AllAsync(gateway, "/api/v1/experts?status=approved&trainer=true", centre, ct))
            .Select(e => e.GetProperty("id").GetGuid()).ToHashSet();
        var pool = (await Paging.AllAsync(gateway, "/api/v1/trainers", centre, ct)).Select(t => t.GetProperty("expertId").GetGuid()).ToHashSet();
        result.Add(new Comparison("Training trainer pool = experts approved as trainers", trainers.Count, pool.Count,
            trainers.Except(pool).Count() + pool.Except(trainers).Count()));

        var coverage = (await Paging.AllAsync(gateway, "/api/v1/coverage?level=province", centre, ct)).ToList();
        long Sum(string field) => coverage.Sum(r => r.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : 0);

        var visits = (await Paging.AllAsync(gateway, "/api/v1/visit-requests?status=delivered", centre, ct)).Count(Rural);
        result.Add(Counted("Outreach expert visits = rural visits delivered (Experts)", visits, Sum("expertVisits")));

        var deliveries = await Paging.AllAsync(gateway, "/api/v1/deliveries", centre, ct);
        result.Add(Counted("Outreach resources delivered = rural deliveries (Resources)", deliveries.Count(Rural), Sum("resourcesDelivered")));

        long completed = 0;
        foreach (var course in world.Courses.Concat(world.RunningCourses))
            completed += (await Paging.AllAsync(gateway, $"/api/v1/courses/{course.Id}/enrolments", centre, ct))
                .Count(e => e.GetProperty("status").GetString() == "completed" && e.GetProperty("teacher").GetProperty("rural").GetBoolean());
        result.Add(Counted("Outreach teachers trained = rural teachers' completions (Training)", completed, Sum("teachersTrained")));

        var pilots = (await gateway.SendUntilAnsweredAsync(Call.Get("/api/v1/pilots?pageSize=1", centre), ct)).Json.GetProperty("total").GetInt64();
        result.Add(Counted("Outreach pilots = designated pilots (Applications)", pilots, Sum("pilotUnits") + Sum("pilotCities")));

        var subscriptions = (await Paging.AllAsync(gateway, "/api/v1/subscriptions", centre, ct))
            .Where(s => s.GetProperty("status").GetString() == "active")
            .Select(s => (Topics: Strings(s, "topics"), Grades: Strings(s, "grades"))).ToList();
        var published = await Paging.AllAsync(gateway, "/api/v1/resources?status=published", centre, ct);
        var expectedPushes = published.Sum(r =>
        {
            var (topics, grades) = (Strings(r, "topics"), Strings(r, "grades"));
            return subscriptions.Count(s => s.Topics.Overlaps(topics) && s.Grades.Overlaps(grades));
        });
        var pushes = deliveries.Count(d => d.GetProperty("mode").GetString() == "online" && d.GetProperty("resourceId").ValueKind == JsonValueKind.String);
        result.Add(Counted("Resources online deliveries = published resources × matching subscriptions", expectedPushes, pushes));
        return result;
    }

    private static Comparison Counted(string what, long source, long consumer) => new(what, source, consumer, Math.Abs(consumer - source));

    private static bool Rural(JsonElement item) => item.GetProperty("school").GetProperty("rural").GetBoolean();

    private static HashSet<string> Strings(JsonElement item, string property) =>
        item.GetProperty(property).EnumerateArray().Select(e => e.GetString()!).ToHashSet(StringComparer.Ordinal);
}
