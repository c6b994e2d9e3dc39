using Kechuang.Applications.Domain;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Http;
using Kechuang.BuildingBlocks.Persistence;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kechuang.Applications.Applications;

/// <summary>提交: declare the form true (情况属实) and submit it before the call's deadline.</summary>
public static class SubmissionEndpoints
{
    public sealed record SubmitRequest(bool? Declaration);

    public static RouteGroupBuilder MapSubmission(this RouteGroupBuilder applications)
    {
        applications.MapPost("/{id:guid}/submit", Submit).RequireRoles(ApplicationRoles.Applicants)
            .WithSummary("Submit a draft or returned application: declaration, open call, seal scan required.");
        return applications;
    }

    private static async Task<Results<Ok<ApplicationView>, ValidationProblem, ProblemHttpResult>> Submit(
        Guid id, SubmitRequest body, Actor actor, IfMatch ifMatch, IDocumentSession session, TimeProvider clock,
        HttpContext http, CancellationToken ct)
    {
        var current = await session.PeekAsync(id, ct);
        if (current is null || !current.IsEditableBy(actor)) return Problems.NotFound("application");
        var call = await session.Events.FetchLatest<Call>(current.CallId, ct);
        if (call is null) return Problems.NotFound("call");

        var outcome = await session.DecideAsync<Application>(id, ifMatch,
            a => ApplicationRules.Submit(a, call, body.Declaration == true, actor, clock.GetUtcNow()), ct, "application");
        return outcome.Respond(http, a => ApplicationView.From(a, outcome.Version));
    }
}
