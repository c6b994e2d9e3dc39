using Kechuang.Applications.Domain;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Http;
using Kechuang.BuildingBlocks.Persistence;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kechuang.Applications.Applications;

/// <summary>推荐: the provincial association of the applicant's province recommends, returns or does not recommend.</summary>
public static class RecommendationEndpoints
{
    /// <summary>The longest comment, which a return or a refusal must give (the schema states it, the validator checks it).</summary>
    private const int CommentMax = 1000;

    public sealed record RecommendationRequest(RecommendationDecision? Decision, [property: MaxChars(CommentMax)] string? Comment);

    public static RouteGroupBuilder MapRecommendation(this RouteGroupBuilder applications)
    {
        applications.MapPost("/{id:guid}/recommendation", Recommend).RequireRoles(Roles.Province)
            .WithSummary("Recommend (同意推荐), return for revision or do not recommend a submitted application. " +
                         "At most cityQuotaPerProvince pilot cities per province per call (409 quota_exceeded).");
        return applications;
    }

    internal static Validator Validate(RecommendationRequest body)
    {
        var v = new Validator();
        v.Required("decision", body.Decision);
        if (body.Decision is RecommendationDecision.Return or RecommendationDecision.NotRecommend)
            v.Text("comment", body.Comment, CommentMax);
        else v.OptionalText("comment", body.Comment, CommentMax);
        return v;
    }

    private static async Task<Results<Ok<ApplicationView>, ValidationProblem, ProblemHttpResult>> Recommend(
        Guid id, RecommendationRequest body, Actor actor, IfMatch ifMatch, IDocumentSession session, IDocumentStore store,
        TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var v = Validate(body);
        if (!v.IsValid) return v.ToProblem();
        var found = await session.PeekAsync(id, ct);
        if (found is null || !actor.CoversProvince(found.Applicant.Province)) return Problems.NotFound("application");
        var call = await session.Events.FetchLatest<Call>(found.CallId, ct);
        if (call is null) return Problems.NotFound("call");

        // A pilot city's decision is taken under the lock of its province's quota ledger, before the
        // application is read for writing: concurrent recommendations queue there and each then reads
        // the places already taken and the application's current state, instead of failing on a race.
        Guid? ledgerId = null;
        if (found.Kind == PilotKind.PilotCity)
        {
            ledgerId = CityQuotaLedger.IdFor(found.CallId, found.Applicant.Province);
            await EnsureLedgerAsync(store, ledgerId.Value, found.CallId, found.Applicant.Province, clock, ct);
        }

        Outcome<Application> outcome;
        try
        {
            outcome = await session.DecideAsync<Application, CityQuotaLedger>(id, ifMatch, ledgerId, (application, ledger) =>
            {
                if (application.Kind != found.Kind || application.Applicant.Province != found.Applicant.Province)
                    return DomainError.Conflict("concurrency_conflict",
                        "Someone else changed the record at the same time.", "Read it again and retry.");
                var now = clock.GetUtcNow();
                var decision = ApplicationRules.Recommend(application, body.Decision!.Value, body.Comment?.Trim(), actor, now);
                if (decision.Error is not null || ledger is null || body.Decision != RecommendationDecision.Recommend) return decision;
                var counted = CityQuotaLedger.Count(ledger, id, call.CityQuotaPerProvince, actor, now);
                return counted.Error is { } quota ? quota : LedgerDecision.Of(decision.Events, counted.Events);
            }, ct, "application", "application");
        }
        catch (Exception e) when (e is Marten.Exceptions.StreamLockedException or JasperFx.Events.StreamLockedException)
        {
            // Waited the whole command timeout behind other recommendations of the province.
            http.Response.Headers.RetryAfter = "5";
            return Problems.Of(StatusCodes.Status503ServiceUnavailable, "unavailable",
                "The province's recommendations are busy.", "Retry after the time in Retry-After.");
        }
        return outcome.Respond(http, a => ApplicationView.From(a, outcome.Version));
    }

    /// <summary>
    /// A row lock needs a row: the ledger stream is started on first use, in its own transaction.
    /// Two first uses at once both try; one start wins and the other finds it started.
    /// </summary>
    private static async Task EnsureLedgerAsync(
        IDocumentStore store, Guid ledgerId, Guid callId, string province, TimeProvider clock, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        if (await session.Events.FetchStreamStateAsync(ledgerId, ct) is not null) return;
        session.Events.StartStream<CityQuotaLedger>(ledgerId,
            new CityQuotaLedgerOpened(ledgerId, callId, province, Actor.System, clock.GetUtcNow()));
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (e is Marten.Exceptions.ExistingStreamIdCollisionException or JasperFx.Events.ExistingStreamIdCollisionException)
        {
            // Started concurrently by another recommendation: exactly what was needed.
        }
    }
}
