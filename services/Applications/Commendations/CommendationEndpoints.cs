using Kechuang.Applications.Domain;
using Kechuang.Applications.ReadModels;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Http;
using Kechuang.BuildingBlocks.Persistence;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kechuang.Applications.Commendations;

/// <summary>表彰奖励: the national centre commends outstanding pilots.</summary>
public static class CommendationEndpoints
{
    // The limits of the requests' fields: the schemas state them (SchemaLimits.cs), the validators check them.
    private const int TitleMax = 200, CitationMax = 2000;

    public sealed record CommendRequest(
        Guid? PilotId, [property: Between(RequestJson.MinYear, RequestJson.MaxYear)] int? Year, [property: MaxChars(TitleMax)] string? Title, [property: MaxChars(CitationMax)] string? Citation);

    public sealed record CommendationView(
        Guid Id, Guid PilotId, string PilotName, string Province, int Year, string Title, string Citation,
        CommendationStatus Status, DateTimeOffset AwardedAt, long Version)
    {
        public static CommendationView From(Commendation c, long version) =>
            new(c.Id, c.PilotId, c.PilotName, c.Province, c.Year, c.Title, c.Citation, c.Status, c.AwardedAt, version);

        public static CommendationView From(Commendation c) => From(c, c.Version);
    }

    public static RouteGroupBuilder MapCommendations(this RouteGroupBuilder api)
    {
        var commendations = api.MapGroup("/commendations").WithTags("Commendations");
        commendations.MapPost("/", Commend).RequireRoles(Roles.Centre).WithSummary("Commend an outstanding pilot.");
        commendations.MapGet("/", List);
        commendations.MapGet("/{id:guid}", Get);
        commendations.MapHistory<Commendation>((c, actor) => actor.CoversProvince(c.Province));
        return api;
    }

    private static async Task<Results<Created<CommendationView>, ValidationProblem, ProblemHttpResult>> Commend(
        CommendRequest body, Actor actor, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var v = new Validator();
        var pilot = await v.PilotAsync("pilotId", body.PilotId, session, ct);
        v.Range("year", body.Year, RequestJson.MinYear, RequestJson.MaxYear);
        if (pilot is not null && body.Year < pilot.Year) v.Add("year", $"is before the pilot was designated ({pilot.Year}).");
        v.Text("title", body.Title, TitleMax);
        v.Text("citation", body.Citation, CitationMax);
        if (!v.IsValid) return v.ToProblem();

        var id = Guid.NewGuid();
        var awarded = new CommendationAwarded(id, pilot!.Id, pilot.Name, pilot.Province, body.Year!.Value, body.Title!.Trim(),
            body.Citation!.Trim(), actor, clock.GetUtcNow());
        var outcome = await session.StartAsync<Commendation>(id, [awarded], ct);
        return outcome.RespondCreated(http, $"/api/v1/commendations/{id}", c => CommendationView.From(c, outcome.Version));
    }

    private static async Task<Results<Ok<PagedList<CommendationView>>, ValidationProblem>> List(
        PageRequest page, Actor actor, IDocumentSession session, HttpContext http, CancellationToken ct)
    {
        var v = new Validator();
        var year = v.Int("year", http.Request.Query["year"], 2000, 2100);
        var pilotId = v.Id("pilotId", http.Request.Query["pilotId"]);
        var province = v.ProvinceFilter("province", http.Request.Query["province"]);
        if (!v.IsValid) return v.ToProblem();

        var query = session.Query<Commendation>().HeldTo(actor, c => c.Province);
        if (year is { } y) query = query.Where(c => c.Year == y);
        if (pilotId is { } p) query = query.Where(c => c.PilotId == p);
        if (province is not null) query = query.Where(c => c.Province == province);
        return TypedResults.Ok(await query.ToPagedListAsync(q => q.OrderByDescending(c => c.AwardedAt), c => CommendationView.From(c), page, ct));
    }

    private static Task<Results<Ok<CommendationView>, ProblemHttpResult>> Get(
        Guid id, Actor actor, IDocumentSession session, HttpContext http, CancellationToken ct) =>
        session.ReadViewAsync<Commendation, CommendationView>(id, http, "commendation", commendation => actor.CoversProvince(commendation.Province),
            (commendation, version) => CommendationView.From(commendation, version), ct);
}
