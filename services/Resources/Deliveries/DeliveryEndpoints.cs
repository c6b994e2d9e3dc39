using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Http;
using Kechuang.BuildingBlocks.Persistence;
using Kechuang.Resources.Domain;
using Kechuang.Resources.Subscriptions;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kechuang.Resources.Deliveries;

/// <summary>送到学校: every delivery of a resource or package to a school, online (pushed) or offline (by staff).</summary>
public static class DeliveryEndpoints
{
    public sealed record DeliveryRequest(
        Guid? ResourceId, Guid? PackageId, SchoolRequest? School, DeliveryMode? Mode, DateTimeOffset? DeliveredAt);

    public sealed record DeliveryView(
        Guid Id, Guid? ResourceId, Guid? PackageId, int? PackageEdition, School School, DeliveryMode Mode,
        DateTimeOffset DeliveredAt, Guid? SubscriptionId, DateTimeOffset RecordedAt, long Version)
    {
        public static DeliveryView From(Delivery d, long version) =>
            new(d.Id, d.ResourceId, d.PackageId, d.PackageEdition, d.School, d.Mode, d.DeliveredAt, d.SubscriptionId, d.RecordedAt, version);
    }

    public sealed record DeliveryFilter(string? School, string? Province, Guid? ResourceId, Guid? PackageId, string? Mode);

    public static RouteGroupBuilder MapDeliveries(this RouteGroupBuilder api)
    {
        var deliveries = api.MapGroup("/deliveries").WithTags("Deliveries");
        deliveries.MapPost("/", Record).RequireRoles(Roles.Centre, Roles.Province)
            .WithSummary("Record an offline delivery of a published resource or package to a school.");
        deliveries.MapGet("/", List).WithSummary("Deliveries, newest first; school matches part of the school's name.");
        deliveries.MapGet("/{id:guid}", Get);
        deliveries.MapHistory<Delivery>((d, actor) => d.IsVisibleTo(actor));
        return api;
    }

    internal static Validator Validate(DeliveryRequest body, DateTimeOffset now)
    {
        var v = new Validator();
        if (body.ResourceId is null == body.PackageId is null)
            v.Add("resourceId", "give either resourceId or packageId (one delivery is of one thing).");
        SchoolRequest.Validate(v, "school", body.School);
        if (v.Required("mode", body.Mode) && body.Mode != DeliveryMode.Offline)
            v.Add("mode", "must be offline: online deliveries are recorded when a subscribed school receives what is published.");
        if (v.Required("deliveredAt", body.DeliveredAt) && body.DeliveredAt > now)
            v.Add("deliveredAt", "must not be in the future.");
        return v;
    }

    private static async Task<Results<Created<DeliveryView>, ValidationProblem, ProblemHttpResult>> Record(
        DeliveryRequest body, Actor actor, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var v = Validate(body, now);
        if (!v.IsValid) return v.ToProblem();
        var resource = body.ResourceId is { } resourceId ? await session.LoadAsync<Resource>(resourceId, ct) : null;
        var package = body.PackageId is { } packageId ? await session.LoadAsync<Package>(packageId, ct) : null;
        if (body.ResourceId is not null && resource is null) v.Add("resourceId", "is not a resource of the catalogue.");
        if (body.PackageId is not null && package is null) v.Add("packageId", "is not a package.");
        if (!v.IsValid) return v.ToProblem();

        var id = Guid.NewGuid();
        var decision = DeliveryRules.RecordOffline(id, resource, package, body.School!.ToSchool(), body.DeliveredAt!.Value, now, actor);
        if (decision.Error is { } error) return error.ToProblem();
        var outcome = await session.StartAsync<Delivery>(id, decision.Events, ct);
        return outcome.RespondCreated(http, $"/api/v1/deliveries/{id}", d => DeliveryView.From(d, outcome.Version));
    }

    private static async Task<Results<Ok<PagedList<DeliveryView>>, ValidationProblem>> List(
        [AsParameters] DeliveryFilter filter, PageRequest page, Actor actor, IDocumentSession session, CancellationToken ct)
    {
        var v = new Validator();
        if (filter.Province is not null) v.Province("province", filter.Province);
        var mode = v.Enum<DeliveryMode>("mode", filter.Mode);
        if (!v.IsValid) return v.ToProblem();

        IQueryable<Delivery> query = session.Query<Delivery>();
        if (actor.Is(Roles.School)) query = query.Where(d => d.OrganizationId != null && d.OrganizationId == actor.OrganizationId);
        query = query.HeldTo(actor, d => d.School.Province);
        if (filter.Province is { } province) query = query.Where(d => d.School.Province == province);
        if (!string.IsNullOrWhiteSpace(filter.School))
        {
            var school = filter.School.Trim();
            query = query.Where(d => d.School.Name.Contains(school));
        }
        if (filter.ResourceId is { } resourceId) query = query.Where(d => d.ResourceId == resourceId);
        if (filter.PackageId is { } packageId) query = query.Where(d => d.PackageId == packageId);
        if (mode is { } m) query = query.Where(d => d.Mode == m);

        // A delivery is one event: its version is always 1.
        return TypedResults.Ok(await query.ToPagedListAsync(
            q => q.OrderByDescending(d => d.DeliveredAt).ThenBy(d => d.Id), d => DeliveryView.From(d, 1), page, ct));
    }

    private static Task<Results<Ok<DeliveryView>, ProblemHttpResult>> Get(
        Guid id, Actor actor, IDocumentSession session, HttpContext http, CancellationToken ct) =>
        session.ReadViewAsync<Delivery, DeliveryView>(id, http, "delivery", delivery => delivery.IsVisibleTo(actor),
            (delivery, version) => DeliveryView.From(delivery, version), ct);
}
