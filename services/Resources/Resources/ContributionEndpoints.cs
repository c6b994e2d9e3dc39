using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Http;
using Kechuang.BuildingBlocks.Persistence;
using Kechuang.Resources.Domain;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kechuang.Resources.Resources;

/// <summary>共建: contribute a resource, revise it while under review, read it and its history.</summary>
public static class ContributionEndpoints
{
    /// <summary>Who contributes resources: every role that produces them, not read-only partners.</summary>
    public static readonly string[] Contributors = [Roles.Centre, Roles.Province, Roles.Unit, Roles.School, Roles.Expert, Roles.Trainer];

    public static RouteGroupBuilder MapContributions(this RouteGroupBuilder api)
    {
        var resources = api.MapGroup("/resources").WithTags("Resources");
        resources.MapPost("/", Contribute).RequireRoles(Contributors)
            .WithSummary("Contribute a resource; it awaits the centre's review (submitted).");
        resources.MapPut("/{id:guid}", Revise).RequireRoles(Contributors)
            .WithSummary("Revise a resource while it is submitted or after changes were requested.");
        resources.MapGet("/{id:guid}", Get);
        resources.MapHistory<Resource>((r, actor) => r.IsVisibleTo(actor));
        return api;
    }

    private static async Task<Results<Created<ResourceView>, ValidationProblem, ProblemHttpResult>> Contribute(
        ResourceRequest body, Actor actor, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var v = body.Validate();
        if (!v.IsValid) return v.ToProblem();
        var id = Guid.NewGuid();
        var outcome = await session.StartAsync<Resource>(id, [new ResourceSubmitted(id, body.ToContent(), actor, clock.GetUtcNow())], ct);
        return outcome.RespondCreated(http, $"/api/v1/resources/{id}", ResourceView.At(outcome.Version, actor));
    }

    private static async Task<Results<Ok<ResourceView>, ValidationProblem, ProblemHttpResult>> Revise(
        Guid id, ResourceRequest body, IfMatch ifMatch, Actor actor, IDocumentSession session, TimeProvider clock,
        HttpContext http, CancellationToken ct)
    {
        var v = body.Validate();
        if (!v.IsValid) return v.ToProblem();
        var content = body.ToContent();
        var outcome = await session.DecideAsync<Resource>(id, ifMatch,
            r => r.IsVisibleTo(actor) ? ResourceRules.Revise(r, content, clock.GetUtcNow(), actor) : DomainError.NotFound("resource"),
            ct, "resource");
        return outcome.Respond(http, ResourceView.At(outcome.Version, actor));
    }

    private static Task<Results<Ok<ResourceView>, ProblemHttpResult>> Get(
        Guid id, Actor actor, IDocumentSession session, HttpContext http, CancellationToken ct) =>
        session.ReadViewAsync<Resource, ResourceView>(id, http, "resource", resource => resource.IsVisibleTo(actor),
            (resource, version) => ResourceView.From(resource, version, actor), ct);
}
