using Kechuang.Applications.Domain;
using Kechuang.BuildingBlocks.Http;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kechuang.Applications.ReadModels;

/// <summary>试点名单: the designated pilot units and cities, readable by anyone without a key.</summary>
public static class PilotEndpoints
{
    public sealed record PilotView(
        Guid Id, Guid ApplicationId, Guid CallId, int Year, PilotKind Kind, string Name, ApplicantType ApplicantType,
        string Province, string City, string? County, DateTimeOffset DesignatedAt)
    {
        public static PilotView From(Pilot p) =>
            new(p.Id, p.ApplicationId, p.CallId, p.Year, p.Kind, p.Name, p.ApplicantType, p.Province, p.City, p.County, p.DesignatedAt);
    }

    public static RouteGroupBuilder MapPilots(this RouteGroupBuilder api)
    {
        var pilots = api.MapGroup("/pilots").WithTags("Pilots").AllowAnonymous();
        pilots.MapGet("/", List).WithSummary("Designated pilots by kind, province and year (public).");
        pilots.MapGet("/{id:guid}", Get);
        return api;
    }

    private static async Task<Results<Ok<PagedList<PilotView>>, ValidationProblem>> List(
        PageRequest page, IQuerySession session, HttpContext http, CancellationToken ct)
    {
        var v = new Validator();
        var kind = v.Enum<PilotKind>("kind", http.Request.Query["kind"]);
        var province = v.ProvinceFilter("province", http.Request.Query["province"]);
        var year = v.Int("year", http.Request.Query["year"], 2000, 2100);
        if (!v.IsValid) return v.ToProblem();

        var query = session.Query<Pilot>().AsQueryable();
        if (kind is { } k) query = query.Where(p => p.Kind == k);
        if (province is not null) query = query.Where(p => p.Province == province);
        if (year is { } y) query = query.Where(p => p.Year == y);
        return TypedResults.Ok(await query.ToPagedListAsync(q => q.OrderByDescending(p => p.DesignatedAt), PilotView.From, page, ct));
    }

    private static async Task<Results<Ok<PilotView>, ProblemHttpResult>> Get(Guid id, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<Pilot>(id, ct) is { } pilot ? TypedResults.Ok(PilotView.From(pilot)) : Problems.NotFound("pilot");
}
