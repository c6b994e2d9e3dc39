using Kechuang.Applications.Domain;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Http;
using Kechuang.BuildingBlocks.Persistence;
using Kechuang.BuildingBlocks.Text;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kechuang.Applications.Applications;

/// <summary>Lists of applications with filters and Chinese search, and a call's CSV export for Excel.</summary>
public static class ListingEndpoints
{
    public static RouteGroupBuilder MapListing(this RouteGroupBuilder applications)
    {
        applications.MapGet("/", List).RequireRoles(ApplicationRoles.Readers)
            .WithSummary("Applications by callId, kind, province, status; q finds any part of the organisation's name.");
        applications.MapGet("/summary", Summarize).RequireRoles(ApplicationRoles.Readers)
            .WithSummary("Counts for dashboards: by status, by region (a province: its cities), and per day (Beijing time) submitted and designated.");
        applications.MapGet("/export", Export).RequireRoles(Roles.Centre, Roles.Province, Roles.Operator)
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .WithSummary("A call's applications as CSV (UTF-8 with BOM, quoted, CRLF) that Excel opens as is.");
        return applications;
    }

    private static async Task<Results<Ok<PagedList<ApplicationView>>, ValidationProblem>> List(
        PageRequest page, Actor actor, IDocumentSession session, HttpContext http, CancellationToken ct)
    {
        var v = new Validator();
        var callId = v.Id("callId", http.Request.Query["callId"]);
        var kind = v.Enum<PilotKind>("kind", http.Request.Query["kind"]);
        var province = v.ProvinceFilter("province", http.Request.Query["province"]);
        var status = v.Enum<ApplicationStatus>("status", http.Request.Query["status"]);
        var q = v.TextFilter("q", http.Request.Query["q"], 100);
        if (!v.IsValid) return v.ToProblem();

        var query = Scoped(session, actor);
        if (callId is { } c) query = query.Where(a => a.CallId == c);
        if (kind is { } k) query = query.Where(a => a.Kind == k);
        if (province is not null) query = query.Where(a => a.Applicant.Province == province);
        if (status is { } s) query = query.Where(a => a.Status == s);
        if (q is not null) query = query.WhereTextContains(q);

        return TypedResults.Ok(await query.ToPagedListAsync(q => q.OrderByDescending(a => a.DraftedAt), a => ApplicationView.From(a), page, ct));
    }

    public sealed record RegionCount(string Region, int Applications, int Designated);

    public sealed record DayCount(DateOnly Day, int Submitted, int Designated);

    public sealed record ApplicationsSummary(
        int Total, IReadOnlyDictionary<string, int> ByStatus, IReadOnlyList<RegionCount> ByRegion, IReadOnlyList<DayCount> ByDay);

    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    /// <summary>
    /// The figures of an overview without shipping every application: only the few fields they
    /// need are read, in the caller's scope (a province counts its own, by city).
    /// </summary>
    private static async Task<Results<Ok<ApplicationsSummary>, ValidationProblem>> Summarize(
        Actor actor, IDocumentSession session, HttpContext http, CancellationToken ct)
    {
        var v = new Validator();
        var callId = v.Id("callId", http.Request.Query["callId"]);
        if (!v.IsValid) return v.ToProblem();
        var query = Scoped(session, actor);
        if (callId is { } c) query = query.Where(a => a.CallId == c);
        var rows = await query.Select(a => new SummaryRow(a.Status, a.Applicant.Province, a.Applicant.City, a.SubmittedAt, a.Designation))
            .ToListAsync(ct);

        var byRegion = rows.GroupBy(r => actor.HeldToProvince ? r.City : r.Province)
            .Select(g => new RegionCount(g.Key, g.Count(), g.Count(r => r.Status == ApplicationStatus.Designated)))
            .OrderByDescending(r => r.Applications).ThenBy(r => r.Region, StringComparer.Ordinal).ToList();
        static DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(Beijing).DateTime);
        var submitted = rows.Where(r => r.SubmittedAt is not null).GroupBy(r => Day(r.SubmittedAt!.Value)).ToDictionary(g => g.Key, g => g.Count());
        var designated = rows.Where(r => r.Status == ApplicationStatus.Designated && r.Designation is not null)
            .GroupBy(r => Day(r.Designation!.At)).ToDictionary(g => g.Key, g => g.Count());
        var byDay = submitted.Keys.Union(designated.Keys).Order()
            .Select(d => new DayCount(d, submitted.GetValueOrDefault(d), designated.GetValueOrDefault(d))).ToList();
        var byStatus = rows.GroupBy(r => ApiEnum.Name(r.Status)).ToDictionary(g => g.Key, g => g.Count());
        return TypedResults.Ok(new ApplicationsSummary(rows.Count, byStatus, byRegion, byDay));
    }

    private sealed record SummaryRow(ApplicationStatus Status, string Province, string City, DateTimeOffset? SubmittedAt, Verdict? Designation);

    private static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> Export(
        Actor actor, IDocumentSession session, HttpContext http, CancellationToken ct)
    {
        var v = new Validator();
        var callId = v.Id("callId", http.Request.Query["callId"]);
        if (callId is null && v.IsValid) v.Add("callId", "is required: the export is of one call.");
        if (!v.IsValid) return v.ToProblem();
        var call = await session.Events.FetchLatest<Call>(callId!.Value, ct);
        if (call is null) return Problems.NotFound("call");

        var items = await Scoped(session, actor).Where(a => a.CallId == call.Id)
            .OrderBy(a => a.Applicant.Province).ThenBy(a => a.DraftedAt).ToListAsync(ct);
        var csv = ApplicationsCsv.Write(items);
        return TypedResults.File(csv, "text/csv; charset=utf-8", $"applications-{call.Year}-{call.Id:N}.csv");
    }

    /// <summary>What the caller may see: its province when held to one, a unit its own applications.</summary>
    private static IQueryable<Application> Scoped(IDocumentSession session, Actor actor)
    {
        var query = session.Query<Application>().HeldTo(actor, a => a.Applicant.Province);
        if (actor.Role == Roles.Unit)
        {
            var org = actor.OrganizationId ?? Guid.Empty;
            query = query.Where(a => a.OrganizationId == org);
        }
        return query;
    }
}
