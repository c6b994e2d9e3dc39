using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Http;
using Kechuang.BuildingBlocks.Persistence;
using Kechuang.Resources.Domain;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kechuang.Resources.Resources;

/// <summary>The national centre's curation: review, publish, the 助力"双减" column, archive.</summary>
public static class CurationEndpoints
{
    // The limits of the requests' fields: the schemas state them (SchemaLimits.cs), the validators check them.
    private const int CommentMax = 1000, ReasonMax = 1000;

    public sealed record ReviewRequest(ReviewDecision? Decision, [property: MaxChars(CommentMax)] string? Comment);

    public sealed record ArchiveRequest([property: MaxChars(ReasonMax)] string? Reason);

    public static RouteGroupBuilder MapCuration(this RouteGroupBuilder api)
    {
        var resources = api.MapGroup("/resources").WithTags("Resources");
        resources.MapPost("/{id:guid}/review", Review).RequireRoles(Roles.Centre)
            .WithSummary("Review a submitted resource: approve, reject or request changes.");
        resources.MapPost("/{id:guid}/publish", Publish).RequireRoles(Roles.Centre)
            .WithSummary("Publish an approved resource to the catalogue; subscribed schools receive it.");
        resources.MapPost("/{id:guid}/feature", Feature).RequireRoles(Roles.Centre)
            .WithSummary("Put a published resource in the 助力\"双减\" column.");
        resources.MapPost("/{id:guid}/unfeature", Unfeature).RequireRoles(Roles.Centre)
            .WithSummary("Take a resource out of the 助力\"双减\" column.");
        resources.MapPost("/{id:guid}/archive", Archive).RequireRoles(Roles.Centre)
            .WithSummary("Retire an approved or published resource from the catalogue.");
        return api;
    }

    internal static Validator Validate(ReviewRequest body)
    {
        var v = new Validator();
        v.Required("decision", body.Decision);
        v.OptionalText("comment", body.Comment, CommentMax);
        if (body.Decision is ReviewDecision.Reject or ReviewDecision.RequestChanges && string.IsNullOrWhiteSpace(body.Comment))
            v.Add("comment", "is required to reject or to request changes: the contributor needs to know why.");
        return v;
    }

    private static async Task<Results<Ok<ResourceView>, ValidationProblem, ProblemHttpResult>> Review(
        Guid id, ReviewRequest body, IfMatch ifMatch, Actor actor, IDocumentSession session, TimeProvider clock,
        HttpContext http, CancellationToken ct)
    {
        var v = Validate(body);
        if (!v.IsValid) return v.ToProblem();
        var comment = string.IsNullOrWhiteSpace(body.Comment) ? null : body.Comment.Trim();
        return await Decide(id, ifMatch, actor, session, http,
            r => ResourceRules.Review(r, body.Decision!.Value, comment, clock.GetUtcNow(), actor), ct);
    }

    private static Task<Results<Ok<ResourceView>, ValidationProblem, ProblemHttpResult>> Publish(
        Guid id, IfMatch ifMatch, Actor actor, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        Decide(id, ifMatch, actor, session, http, r => ResourceRules.Publish(r, clock.GetUtcNow(), actor), ct);

    private static Task<Results<Ok<ResourceView>, ValidationProblem, ProblemHttpResult>> Feature(
        Guid id, IfMatch ifMatch, Actor actor, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        Decide(id, ifMatch, actor, session, http, r => ResourceRules.Feature(r, clock.GetUtcNow(), actor), ct);

    private static Task<Results<Ok<ResourceView>, ValidationProblem, ProblemHttpResult>> Unfeature(
        Guid id, IfMatch ifMatch, Actor actor, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        Decide(id, ifMatch, actor, session, http, r => ResourceRules.Unfeature(r, clock.GetUtcNow(), actor), ct);

    private static async Task<Results<Ok<ResourceView>, ValidationProblem, ProblemHttpResult>> Archive(
        Guid id, ArchiveRequest? body, IfMatch ifMatch, Actor actor, IDocumentSession session, TimeProvider clock,
        HttpContext http, CancellationToken ct)
    {
        var v = new Validator();
        v.OptionalText("reason", body?.Reason, ReasonMax);
        if (!v.IsValid) return v.ToProblem();
        return await Decide(id, ifMatch, actor, session, http,
            r => ResourceRules.Archive(r, body?.Reason?.Trim(), clock.GetUtcNow(), actor), ct);
    }

    private static async Task<Results<Ok<ResourceView>, ValidationProblem, ProblemHttpResult>> Decide(
        Guid id, IfMatch ifMatch, Actor actor, IDocumentSession session, HttpContext http, Func<Resource, Decision> decide, CancellationToken ct)
    {
        var outcome = await session.DecideAsync(id, ifMatch, decide, ct, "resource");
        return outcome.Respond(http, ResourceView.At(outcome.Version, actor));
    }
}
