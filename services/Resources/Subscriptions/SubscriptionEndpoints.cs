using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Http;
using Kechuang.BuildingBlocks.Persistence;
using Kechuang.Resources.Domain;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kechuang.Resources.Subscriptions;

/// <summary>送到学校: schools subscribe by topic and grade and receive what is published later.</summary>
public static class SubscriptionEndpoints
{
    public sealed record SubscriptionRequest(
        SchoolRequest? School, [property: InVocabulary(VocabularyKind.Topic)] IReadOnlyList<string>? Topics,
        [property: InVocabulary(VocabularyKind.Grade)] IReadOnlyList<string>? Grades);

    public sealed record SubscriptionView(
        Guid Id, School School, IReadOnlyList<string> Topics, IReadOnlyList<string> Grades, SubscriptionStatus Status,
        DateTimeOffset CreatedAt, long Version)
    {
        public static SubscriptionView From(Subscription s, long version) =>
            new(s.Id, s.School, s.Topics, s.Grades, s.Status, s.CreatedAt, version);
    }

    public static RouteGroupBuilder MapSubscriptions(this RouteGroupBuilder api)
    {
        var subscriptions = api.MapGroup("/subscriptions").WithTags("Subscriptions");
        subscriptions.MapPost("/", Subscribe).RequireRoles(Roles.School)
            .WithSummary("Subscribe a school: every later published resource or package that shares a topic and a grade is delivered to it.");
        subscriptions.MapPost("/{id:guid}/cancel", Cancel).RequireRoles(Roles.School, Roles.Centre)
            .WithSummary("Stop deliveries to the school from this subscription.");
        subscriptions.MapGet("/", List);
        subscriptions.MapGet("/{id:guid}", Get);
        subscriptions.MapHistory<Subscription>((s, actor) => s.IsVisibleTo(actor));
        return api;
    }

    internal static Validator Validate(SubscriptionRequest body)
    {
        var v = new Validator();
        SchoolRequest.Validate(v, "school", body.School);
        v.Topics("topics", body.Topics);
        v.Grades("grades", body.Grades);
        return v;
    }

    private static async Task<Results<Created<SubscriptionView>, ValidationProblem, ProblemHttpResult>> Subscribe(
        SubscriptionRequest body, Actor actor, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var v = Validate(body);
        if (!v.IsValid) return v.ToProblem();
        var school = body.School!.ToSchool();
        // A school's key is issued for one province: it subscribes its own school only.
        if (actor.Province is { } province && actor.Is(Roles.School) && province != school.Province)
            return Problems.Forbidden($"This key belongs to a school in {province}.");

        var id = Guid.NewGuid();
        var created = new SubscriptionCreated(id, school, body.Topics!.Distinct().ToList(), body.Grades!.Distinct().ToList(),
            actor.OrganizationId, actor, clock.GetUtcNow());
        var outcome = await session.StartAsync<Subscription>(id, [created], ct);
        return outcome.RespondCreated(http, $"/api/v1/subscriptions/{id}", s => SubscriptionView.From(s, outcome.Version));
    }

    private static async Task<Results<Ok<SubscriptionView>, ValidationProblem, ProblemHttpResult>> Cancel(
        Guid id, IfMatch ifMatch, Actor actor, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var outcome = await session.DecideAsync<Subscription>(id, ifMatch,
            s => s.IsVisibleTo(actor) ? SubscriptionRules.Cancel(s, clock.GetUtcNow(), actor) : DomainError.NotFound("subscription"),
            ct, "subscription");
        return outcome.Respond(http, s => SubscriptionView.From(s, outcome.Version));
    }

    private static async Task<Results<Ok<PagedList<SubscriptionView>>, ProblemHttpResult>> List(
        PageRequest page, Actor actor, IDocumentSession session, CancellationToken ct)
    {
        IQueryable<Subscription> query = session.Query<Subscription>();
        switch (actor.Role)
        {
            case Roles.School when actor.OrganizationId is { } organization:
                query = query.Where(s => s.SubscriberId == actor.Id || s.OrganizationId == organization);
                break;
            case Roles.School:
                query = query.Where(s => s.SubscriberId == actor.Id);
                break;
            case Roles.Province:
                break;
            default:
                if (!actor.IsNational) return Problems.Forbidden("Subscriptions are seen by their school, its province and the centre.");
                break;
        }
        query = query.HeldTo(actor, s => s.School.Province);
        return TypedResults.Ok(await query.ToPagedListAsync(
            q => q.OrderByDescending(s => s.CreatedAt),
            s => SubscriptionView.From(s, s.Version), page, ct));
    }

    private static Task<Results<Ok<SubscriptionView>, ProblemHttpResult>> Get(
        Guid id, Actor actor, IDocumentSession session, HttpContext http, CancellationToken ct) =>
        session.ReadViewAsync<Subscription, SubscriptionView>(id, http, "subscription", subscription => subscription.IsVisibleTo(actor),
            (subscription, version) => SubscriptionView.From(subscription, version), ct);
}
