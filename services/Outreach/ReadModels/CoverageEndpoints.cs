using System.Diagnostics;
using System.Text.Json.Serialization;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Http;
using Kechuang.BuildingBlocks.Operations;
using Kechuang.Outreach.Campaigns;
using Kechuang.Outreach.Domain;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kechuang.Outreach.ReadModels;

/// <summary>
/// Coverage of rural places by province, city or county, and the operator's rebuild of it.
/// What counts (a school once, however and however often it is reached):
/// <list type="bullet">
/// <item><c>schoolsReached</c>: distinct rural schools reached by a campaign activity, an expert visit,
/// a resource delivery or a teacher's completed training;</item>
/// <item><c>studentsReached</c>: participants of resource and activity campaign activities plus the
/// audience of expert visits;</item>
/// <item><c>teachersTrained</c>: participants of training campaign activities plus rural teachers'
/// completed courses;</item>
/// <item><c>activitiesHeld</c>: campaign activities of every kind; <c>expertVisits</c>: visits delivered;
/// <c>resourcesDelivered</c>: deliveries to rural schools plus resource campaign activities;
/// <c>stations</c>: service stations set up.</item>
/// </list>
/// Province rows add the province's designated pilots (<c>pilotUnits</c>, <c>pilotCities</c>, <c>pilots</c>).
/// </summary>
public static class CoverageEndpoints
{
    public enum CoverageLevel
    {
        Province,
        City,
        County,
    }

    public sealed record PilotView(Guid PilotId, PilotKind Kind, string Name, string? City, DateTimeOffset DesignatedAt);

    public sealed record CoverageRow(
        string Province,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? City,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? County,
        int SchoolsReached, int StudentsReached, int TeachersTrained, int ActivitiesHeld, int ExpertVisits,
        int ResourcesDelivered, int Stations,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? PilotUnits = null,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? PilotCities = null,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<PilotView>? Pilots = null);

    public sealed record RebuildView(IReadOnlyList<string> Projections, DateTimeOffset RebuiltAt, long ElapsedMilliseconds);

    private static readonly string[] Rebuildable = [CountyCoverageProjection.ProjectionName, ProvincePilotsProjection.ProjectionName];
    private static readonly Dictionary<string, int> ProvinceOrders =
        Vocabulary.Provinces.Select((p, i) => (p, i)).ToDictionary(x => x.p, x => x.i, StringComparer.Ordinal);

    public static RouteGroupBuilder MapCoverage(this RouteGroupBuilder api)
    {
        var coverage = api.MapGroup("/coverage").WithTags("Coverage");
        coverage.MapGet("/", Read);
        coverage.MapPost("/rebuild", Rebuild).RequireRoles(Roles.Operator)
            .WithSummary("Rebuilds the coverage read models from the events Outreach has received (operators).");
        return api;
    }

    private static async Task<Results<Ok<PagedList<CoverageRow>>, ValidationProblem>> Read(
        string? level, string? province, string? city, PageRequest page, Actor actor, IDocumentSession session, CancellationToken ct)
    {
        var v = new Validator();
        var by = v.Enum<CoverageLevel>("level", level) ?? CoverageLevel.Province;
        if (province is not null) v.Province("province", province);
        if (!v.IsValid) return v.ToProblem();

        // An actor held to a province sees its own province only: another province is as if it had no coverage.
        if (province is not null && !actor.CoversProvince(province))
            return TypedResults.Ok(PagedList<CoverageRow>.From([], 0, page));
        var scope = actor.HeldToProvince ? actor.Province ?? "" : province;

        IQueryable<CountyCoverage> counties = session.Query<CountyCoverage>();
        if (scope is not null) counties = counties.Where(c => c.Province == scope);
        var cityName = Places.Name(city);
        if (cityName is not null) counties = counties.Where(c => c.City == cityName);
        var docs = await counties.ToListAsync(ct);

        var rows = by switch
        {
            CoverageLevel.County => docs.Select(d => Sum(d.Province, d.City, d.County, [d])).ToList(),
            CoverageLevel.City => docs.GroupBy(d => (d.Province, d.City)).Select(g => Sum(g.Key.Province, g.Key.City, null, g)).ToList(),
            _ => await ProvinceRows(session, docs, scope, cityName is null, ct),
        };
        var ordered = rows
            .OrderBy(r => ProvinceOrder(r.Province)).ThenBy(r => r.Province, StringComparer.Ordinal)
            .ThenBy(r => r.City, StringComparer.Ordinal).ThenBy(r => r.County, StringComparer.Ordinal)
            .ToList();
        return TypedResults.Ok(PagedList<CoverageRow>.From(ordered.Skip(page.Skip).Take(page.PageSize).ToList(), ordered.Count, page));
    }

    private static async Task<List<CoverageRow>> ProvinceRows(
        IQuerySession session, IReadOnlyList<CountyCoverage> docs, string? scope, bool withPilotOnlyProvinces, CancellationToken ct)
    {
        IQueryable<ProvincePilots> query = session.Query<ProvincePilots>();
        if (scope is not null) query = query.Where(p => p.Id == scope);
        var pilots = (await query.ToListAsync(ct)).ToDictionary(p => p.Id, StringComparer.Ordinal);

        var provinces = docs.Select(d => d.Province);
        if (withPilotOnlyProvinces) provinces = provinces.Concat(pilots.Keys);
        return provinces.Distinct(StringComparer.Ordinal).Select(p =>
        {
            var row = Sum(p, null, null, docs.Where(d => d.Province == p));
            if (!pilots.TryGetValue(p, out var designated)) return row with { PilotUnits = 0, PilotCities = 0, Pilots = [] };
            return row with
            {
                PilotUnits = designated.Count(PilotKind.PilotUnit),
                PilotCities = designated.Count(PilotKind.PilotCity),
                Pilots = designated.Pilots.OrderBy(x => x.DesignatedAt)
                    .Select(x => new PilotView(x.PilotId, x.Kind, x.Name, x.City, x.DesignatedAt)).ToList(),
            };
        }).ToList();
    }

    /// <summary>Rows above the county are sums of counties: a school lies in exactly one county, so sums stay distinct.</summary>
    private static CoverageRow Sum(string province, string? city, string? county, IEnumerable<CountyCoverage> counties)
    {
        var list = counties.ToList();
        return new CoverageRow(province, city, county,
            list.Sum(c => c.Schools.Count), list.Sum(c => c.StudentsReached), list.Sum(c => c.TeachersTrained),
            list.Sum(c => c.ActivitiesHeld), list.Sum(c => c.ExpertVisits), list.Sum(c => c.ResourcesDelivered),
            list.Sum(c => c.Stations));
    }

    /// <summary>Provinces in the order of the national list (北京市 first), any unknown one last.</summary>
    private static int ProvinceOrder(string province) => ProvinceOrders.GetValueOrDefault(province, int.MaxValue);

    /// <summary>
    /// Tears the coverage read models down and replays every event Outreach has recorded into
    /// them (Marten's projection rebuild), then answers. Facts that arrive meanwhile wait in the
    /// event store. Whichever replica the request reached, each projection is rebuilt by the replica
    /// whose daemon runs it, which keeps running it afterwards (<see cref="ProjectionRebuilds"/>);
    /// 409 while a rebuild of either is asked or running through any replica.
    /// </summary>
    private static async Task<Results<Ok<RebuildView>, ProblemHttpResult>> Rebuild(
        ProjectionRebuilds rebuilds, TimeProvider clock, ILoggerFactory loggers, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var answer = await rebuilds.RequestUnlessRequestedAsync(Rebuildable, ct);
        if (answer.Outcome != ProjectionRebuilds.Outcome.Rebuilt) return answer.ToProblem();

        var elapsed = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        loggers.CreateLogger(typeof(CoverageEndpoints)).LogInformation(
            "Rebuilt the coverage read models {Projections} on {RanOn} in {Elapsed} ms", Rebuildable, answer.RanOn, elapsed);
        return TypedResults.Ok(new RebuildView(Rebuildable, clock.GetUtcNow(), elapsed));
    }
}
