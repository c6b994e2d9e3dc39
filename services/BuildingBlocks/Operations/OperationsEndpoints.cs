using JasperFx;
using JasperFx.Events.Daemon;
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

    public sealed record RebuildResult(string Projection, string Status);

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
                string name, IDocumentStore store, IProjectionCoordinator coordinator, CancellationToken ct) =>
            {
                if (!store.Options.Events.Projections().Any(p => p.Name == name)) return Problems.NotFound("projection");
                var daemon = coordinator.DaemonForMainDatabase();
                var runningBefore = daemon.CurrentAgents()
                    .Where(a => a.Name.Name == name && a.Status == AgentStatus.Running).Select(a => a.Name.Identity).ToList();
                await daemon.RebuildProjectionAsync(name, ct);
                // A rebuild leaves its shards stopped, and the coordinator restarts only missing or
                // paused ones: start again what ran here before, so the projection keeps up afterwards.
                foreach (var shard in runningBefore) await daemon.StartAgentAsync(shard, ct);
                return TypedResults.Ok(new RebuildResult(name, "rebuilt"));
            })
            .WithSummary("Rebuild a projection from the event store.");
        return app;
    }
}
