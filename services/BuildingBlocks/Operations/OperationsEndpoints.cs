using JasperFx;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Http;
using Kechuang.BuildingBlocks.Messaging;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Kechuang.BuildingBlocks.Operations;

/// <summary>
/// Operator tools of every service, under <c>/api/v1/ops/&lt;service&gt;</c> for the <c>operator</c> role
/// (the gateway routes them; <c>./kechuang ops</c> calls them): the bridge's backlog, the
/// <c>_error</c> queues with replay, and projection rebuilds.
/// </summary>
public static class OperationsEndpoints
{
    public sealed record ReplayResult(string Queue, int Replayed);

    /// <summary><c>RanOn</c>: the replica whose daemon ran it (the one running the projection), whichever replica was asked.</summary>
    public sealed record RebuildResult(string Projection, string Status, string? RanOn);

    public const string RebuildNotStarted = "rebuild_not_started";
    public const string RebuildStillRunning = "rebuild_still_running";
    public const string RebuildInProgress = "rebuild_in_progress";

    public static WebApplication MapOperations(this WebApplication app)
    {
        var service = app.Services.GetRequiredService<ServiceIdentity>();
        var ops = app.MapGroup($"/api/v1/ops/{service.Name}").WithTags("Operations").RequireRoles(Roles.Operator);

        ops.MapGet("/bridge", async Task<Ok<BridgeMonitor.Snapshot>> (BridgeMonitor monitor, CancellationToken ct) =>
            TypedResults.Ok(await monitor.SampleAsync(ct)))
            .WithSummary("Events committed, published by the bridge, and each projection's position.");

        ops.MapGet("/consumers", (DateTimeOffset? since) => TypedResults.Ok(MessagingTelemetry.Recent.Summaries(since)))
            .WithSummary("Each consumer's recent event lag (commit to consumed) and handling time, p50/p99 over its last 10,000 messages (or those handled since ?since=).");

        ops.MapGet("/errors", async Task<Results<Ok<IReadOnlyList<ErrorQueues.ErrorQueue>>, ValidationProblem>> (
                ErrorQueues errors, int? peek, CancellationToken ct) =>
            {
                var v = new Validator();
                if (peek is not null) v.Range("peek", peek, 0, 100);
                if (!v.IsValid) return v.ToProblem();
                return TypedResults.Ok(await errors.ListAsync(peek ?? 10, ct));
            })
            .WithSummary("This service's consumer queues and what waits in their _error queues (?peek=0..100 messages of each, 10 unless told).");

        ops.MapPost("/errors/{queue}/replay", async Task<Results<Ok<ReplayResult>, ProblemHttpResult, ValidationProblem>> (
                string queue, int? max, ErrorQueues errors, CancellationToken ct) =>
            {
                var v = new Validator();
                if (max is not null) v.Range("max", max, 1, 10_000);
                if (!v.IsValid) return v.ToProblem();
                try
                {
                    return TypedResults.Ok(new ReplayResult(queue, await errors.ReplayAsync(queue, max ?? 1000, ct)));
                }
                catch (KeyNotFoundException)
                {
                    return Problems.NotFound("queue");
                }
            })
            .WithSummary("Move messages from {queue}_error back to {queue} after the fault is fixed.");

        ops.MapGet("/projections", (IDocumentStore store) =>
            TypedResults.Ok(store.Options.Events.Projections().Select(p => p.Name).Order().ToList()))
            .WithSummary("The projections of this service.");

        ops.MapPost("/projections/{name}/rebuild", async Task<Results<Ok<RebuildResult>, ProblemHttpResult>> (
                string name, IDocumentStore store, ProjectionRebuilds rebuilds, CancellationToken ct) =>
            {
                if (!ProjectionRebuilds.Exists(store, name)) return Problems.NotFound("projection");
                var answer = await rebuilds.RequestAsync([name], ct);
                return answer.Outcome == ProjectionRebuilds.Outcome.Rebuilt
                    ? TypedResults.Ok(new RebuildResult(name, "rebuilt", answer.Runs[0].RanOn))
                    : answer.ToProblem();
            })
            .WithSummary("Rebuild a projection from the event store.");
        return app;
    }

    /// <summary>The problem answering a rebuild that did not end <see cref="ProjectionRebuilds.Outcome.Rebuilt"/>, naming the projections it concerns.</summary>
    public static ProblemHttpResult ToProblem(this ProjectionRebuilds.Answer answer)
    {
        string Named(string status) => string.Join(", ", answer.Runs.Where(r => r.Status == status).Select(r => r.Projection));
        return answer.Outcome switch
        {
            ProjectionRebuilds.Outcome.AlreadyRequested => Problems.Of(StatusCodes.Status409Conflict, RebuildInProgress,
                "A rebuild of these projections is already running.", "Wait for it to finish; ./kechuang ops backlog shows its position."),
            ProjectionRebuilds.Outcome.Failed => Problems.Of(StatusCodes.Status500InternalServerError, "internal_error", "The rebuild failed.",
                string.Join("; ", answer.Runs.Where(r => r.Status == "failed").Select(r => $"The rebuild of {r.Projection} on {r.RanOn} failed; its error is in that replica's log and in kc_projection_rebuilds."))),
            ProjectionRebuilds.Outcome.NotStarted => Problems.Of(StatusCodes.Status503ServiceUnavailable, RebuildNotStarted,
                "No replica runs this projection now.", $"No replica's daemon took the rebuild of {Named("withdrawn")} in time; it was withdrawn and will not run."),
            ProjectionRebuilds.Outcome.StillRunning => Problems.Of(StatusCodes.Status504GatewayTimeout, RebuildStillRunning,
                "The rebuild is still running.", $"The rebuild of {Named("running")} is still running on the daemon's leader; ./kechuang ops backlog shows its position."),
            _ => throw new ArgumentOutOfRangeException(nameof(answer), answer.Outcome, "A rebuilt projection is no problem."),
        };
    }
}
