using Kechuang.Applications.Domain;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Http;
using Kechuang.BuildingBlocks.Persistence;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kechuang.Applications.Applications;

/// <summary>评审与命名: the national centre records expert review scores, then designates (命名) or declines.</summary>
public static class DesignationEndpoints
{
    // The limits of the requests' fields: the schemas state them (SchemaLimits.cs), the validators check them.
    private const int ScoreMin = 0, ScoreMax = 100, CommentMax = 1000;

    public sealed record ReviewRequest([property: Between(ScoreMin, ScoreMax)] int? Score, [property: MaxChars(CommentMax)] string? Comment);

    public sealed record DesignationRequest(DesignationDecision? Decision, [property: MaxChars(CommentMax)] string? Comment);

    public static RouteGroupBuilder MapDesignation(this RouteGroupBuilder applications)
    {
        applications.MapPost("/{id:guid}/reviews", Review).RequireRoles(Roles.Centre)
            .WithSummary("Record an expert review score (0-100) of a recommended application.");
        applications.MapPost("/{id:guid}/designation", Designate).RequireRoles(Roles.Centre)
            .WithSummary("Designate a recommended application as a pilot (命名), or decline it.");
        return applications;
    }

    private static async Task<Results<Created<ApplicationView>, ValidationProblem, ProblemHttpResult>> Review(
        Guid id, ReviewRequest body, Actor actor, IfMatch ifMatch, IDocumentSession session, TimeProvider clock,
        HttpContext http, CancellationToken ct)
    {
        var v = new Validator();
        v.Range("score", body.Score, ScoreMin, ScoreMax);
        v.OptionalText("comment", body.Comment, CommentMax);
        if (!v.IsValid) return v.ToProblem();

        var outcome = await session.DecideAsync<Application>(id, ifMatch,
            a => ApplicationRules.Review(a, body.Score!.Value, body.Comment?.Trim(), actor, clock.GetUtcNow()), ct, "application");
        return outcome.RespondCreated(http, $"/api/v1/applications/{id}", a => ApplicationView.From(a, outcome.Version));
    }

    private static async Task<Results<Ok<ApplicationView>, ValidationProblem, ProblemHttpResult>> Designate(
        Guid id, DesignationRequest body, Actor actor, IfMatch ifMatch, IDocumentSession session, TimeProvider clock,
        HttpContext http, CancellationToken ct)
    {
        var v = new Validator();
        v.Required("decision", body.Decision);
        v.OptionalText("comment", body.Comment, CommentMax);
        if (!v.IsValid) return v.ToProblem();

        var found = await session.PeekAsync(id, ct);
        if (found is null) return Problems.NotFound("application");
        var call = await session.Events.FetchLatest<Call>(found.CallId, ct);
        if (call is null) return Problems.NotFound("call");

        var outcome = await session.DecideAsync<Application>(id, ifMatch,
            a => ApplicationRules.Designate(a, call, body.Decision!.Value, body.Comment?.Trim(), Guid.NewGuid(), actor, clock.GetUtcNow()),
            ct, "application");
        return outcome.Respond(http, a => ApplicationView.From(a, outcome.Version));
    }
}
