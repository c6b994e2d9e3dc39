using Kechuang.Applications.Domain;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Http;
using Kechuang.BuildingBlocks.Persistence;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kechuang.Applications.Applications;

/// <summary>试点申报表: draft an application, edit it while a draft or returned, read it and its history.</summary>
public static class ApplicationEndpoints
{
    public static RouteGroupBuilder MapApplications(this RouteGroupBuilder api)
    {
        var applications = api.MapGroup("/applications").WithTags("Applications");
        applications.MapPost("/", Create).RequireRoles(ApplicationRoles.Applicants)
            .WithSummary("Draft a pilot unit (附件1) or pilot city (附件2) application.");
        applications.MapGet("/{id:guid}", Get).RequireRoles(ApplicationRoles.Readers);
        applications.MapPut("/{id:guid}", Edit).RequireRoles(ApplicationRoles.Applicants)
            .WithSummary("Replace the form; only while it is a draft or was returned for revision.");
        applications.MapHistory<Application>((a, actor) => a.IsVisibleTo(actor)).RequireRoles(ApplicationRoles.Readers);
        applications.MapListing();
        applications.MapSealScans();
        applications.MapSubmission();
        applications.MapRecommendation();
        applications.MapDesignation();
        return api;
    }

    private static async Task<Results<Created<ApplicationView>, ValidationProblem, ProblemHttpResult>> Create(
        ApplicationForm body, Actor actor, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        if (actor.Role == Roles.Unit && actor.OrganizationId is null)
            return Problems.Forbidden("A unit's key must name its organisation (organizationId) to apply.");
        var call = body.CallId is { } callId ? await session.Events.FetchLatest<Call>(callId, ct) : null;
        var v = body.Validate(call, actor);
        if (!v.IsValid) return v.ToProblem();

        var id = Guid.NewGuid();
        var drafted = new ApplicationDrafted(id, call!.Id, body.Kind!.Value, body.ToApplicant(), body.TrackRecord!.Trim(),
            body.WorkPlan!.Trim(), actor.OrganizationId, actor, clock.GetUtcNow());
        var outcome = await session.StartAsync<Application>(id, [drafted], ct);
        return outcome.RespondCreated(http, $"/api/v1/applications/{id}", a => ApplicationView.From(a, outcome.Version));
    }

    private static Task<Results<Ok<ApplicationView>, ProblemHttpResult>> Get(
        Guid id, Actor actor, IDocumentSession session, HttpContext http, CancellationToken ct) =>
        session.ReadViewAsync<Application, ApplicationView>(id, http, "application", application => application.IsVisibleTo(actor),
            (application, version) => ApplicationView.From(application, version), ct);

    private static async Task<Results<Ok<ApplicationView>, ValidationProblem, ProblemHttpResult>> Edit(
        Guid id, ApplicationForm body, Actor actor, IfMatch ifMatch, IDocumentSession session, TimeProvider clock,
        HttpContext http, CancellationToken ct)
    {
        var current = await session.PeekAsync(id, ct);
        if (current is null || !current.IsEditableBy(actor)) return Problems.NotFound("application");
        var call = await session.Events.FetchLatest<Call>(current.CallId, ct);
        var v = body.Validate(call, actor);
        if (body.CallId is { } callId && callId != current.CallId)
            v.Add("callId", "cannot change: an application belongs to the call it was drafted for.");
        if (!v.IsValid) return v.ToProblem();

        var outcome = await session.DecideAsync<Application>(id, ifMatch, a => ApplicationRules.Edit(
            a, body.Kind!.Value, body.ToApplicant(), body.TrackRecord!.Trim(), body.WorkPlan!.Trim(), actor, clock.GetUtcNow()), ct, "application");
        return outcome.Respond(http, a => ApplicationView.From(a, outcome.Version));
    }
}
