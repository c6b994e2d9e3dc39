using Kechuang.Applications.Domain;
using Kechuang.Applications.ReadModels;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Http;
using Kechuang.BuildingBlocks.Persistence;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kechuang.Applications.ExperienceReports;

/// <summary>典型经验: pilots (or their provinces) report typical experience; the national centre publishes it.</summary>
public static class ExperienceReportEndpoints
{
    // The limits of the requests' fields: the schemas state them (SchemaLimits.cs), the validators check them.
    private const int TitleMax = 200, BodyMax = 20000;

    public sealed record SubmitReportRequest(Guid? PilotId, [property: MaxChars(TitleMax)] string? Title, [property: MaxChars(BodyMax)] string? Body);

    public sealed record ExperienceReportView(
        Guid Id, Guid PilotId, string PilotName, string Province, string Title, string Body, ExperienceReportStatus Status,
        DateTimeOffset SubmittedAt, DateTimeOffset? PublishedAt, long Version)
    {
        public static ExperienceReportView From(ExperienceReport r, long version) =>
            new(r.Id, r.PilotId, r.PilotName, r.Province, r.Title, r.Body, r.Status, r.SubmittedAt, r.PublishedAt, version);

        public static ExperienceReportView From(ExperienceReport r) => From(r, r.Version);
    }

    public static RouteGroupBuilder MapExperienceReports(this RouteGroupBuilder api)
    {
        var reports = api.MapGroup("/experience-reports").WithTags("Experience reports");
        reports.MapPost("/", Submit).RequireRoles(Roles.Unit, Roles.Province, Roles.Centre)
            .WithSummary("Submit a typical experience report (典型经验) of a pilot.");
        reports.MapPost("/{id:guid}/publish", Publish).RequireRoles(Roles.Centre);
        reports.MapGet("/", List);
        reports.MapGet("/{id:guid}", Get);
        reports.MapHistory<ExperienceReport>((r, actor) => r.IsVisibleTo(actor));
        return api;
    }

    private static async Task<Results<Created<ExperienceReportView>, ValidationProblem, ProblemHttpResult>> Submit(
        SubmitReportRequest body, Actor actor, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var v = new Validator();
        var pilot = await v.PilotAsync("pilotId", body.PilotId, session, ct);
        v.Text("title", body.Title, TitleMax);
        v.Text("body", body.Body, BodyMax);
        if (!v.IsValid) return v.ToProblem();

        var own = actor.CoversProvince(pilot!.Province) && actor.Role switch
        {
            Roles.Unit => actor.OrganizationId is { } org && pilot.OrganizationId == org,
            _ => true,
        };
        if (!own) return Problems.Forbidden("Only the pilot itself, its province or the national centre report its experience.");

        var id = Guid.NewGuid();
        var submitted = new ExperienceReportSubmitted(id, pilot!.Id, pilot.Name, pilot.Province, pilot.OrganizationId,
            body.Title!.Trim(), body.Body!.Trim(), actor, clock.GetUtcNow());
        var outcome = await session.StartAsync<ExperienceReport>(id, [submitted], ct);
        return outcome.RespondCreated(http, $"/api/v1/experience-reports/{id}", r => ExperienceReportView.From(r, outcome.Version));
    }

    private static async Task<Results<Ok<ExperienceReportView>, ValidationProblem, ProblemHttpResult>> Publish(
        Guid id, Actor actor, IfMatch ifMatch, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var outcome = await session.DecideAsync<ExperienceReport>(id, ifMatch,
            r => ExperienceReport.Publish(r, actor, clock.GetUtcNow()), ct, "experience report");
        return outcome.Respond(http, r => ExperienceReportView.From(r, outcome.Version));
    }

    private static async Task<Results<Ok<PagedList<ExperienceReportView>>, ValidationProblem>> List(
        PageRequest page, Actor actor, IDocumentSession session, HttpContext http, CancellationToken ct)
    {
        var v = new Validator();
        var status = v.Enum<ExperienceReportStatus>("status", http.Request.Query["status"]);
        var pilotId = v.Id("pilotId", http.Request.Query["pilotId"]);
        var province = v.ProvinceFilter("province", http.Request.Query["province"]);
        if (!v.IsValid) return v.ToProblem();

        var query = session.Query<ExperienceReport>().HeldTo(actor, r => r.Province);
        if (!actor.IsNational)
        {
            // Everyone reads published reports (of its province when held to one); a submitted one
            // only its pilot and its province.
            var org = actor.OrganizationId ?? Guid.Empty;
            query = actor.Role switch
            {
                Roles.Province => query,
                Roles.Unit => query.Where(r => r.Status == ExperienceReportStatus.Published || r.OrganizationId == org),
                _ => query.Where(r => r.Status == ExperienceReportStatus.Published),
            };
        }
        if (status is { } s) query = query.Where(r => r.Status == s);
        if (pilotId is { } p) query = query.Where(r => r.PilotId == p);
        if (province is not null) query = query.Where(r => r.Province == province);
        return TypedResults.Ok(await query.ToPagedListAsync(
            q => q.OrderByDescending(r => r.SubmittedAt),
            r => ExperienceReportView.From(r), page, ct));
    }

    private static Task<Results<Ok<ExperienceReportView>, ProblemHttpResult>> Get(
        Guid id, Actor actor, IDocumentSession session, HttpContext http, CancellationToken ct) =>
        session.ReadViewAsync<ExperienceReport, ExperienceReportView>(id, http, "experience report", report => report.IsVisibleTo(actor),
            (report, version) => ExperienceReportView.From(report, version), ct);
}
