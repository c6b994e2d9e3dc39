using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Http;
using Kechuang.BuildingBlocks.Persistence;
using Kechuang.Resources.Domain;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kechuang.Resources.Packages;

/// <summary>资源包: curated, versioned sets of published resources (e.g. 助推"双减" packages).</summary>
public static class PackageEndpoints
{
    public static RouteGroupBuilder MapPackages(this RouteGroupBuilder api)
    {
        var packages = api.MapGroup("/packages").WithTags("Packages");
        packages.MapPost("/", Draft).RequireRoles(Roles.Centre)
            .WithSummary("Draft a package of published resources.");
        packages.MapPut("/{id:guid}", Revise).RequireRoles(Roles.Centre)
            .WithSummary("Edit a package: a draft in place; a published package gets a new edition, pushed to subscribers again.");
        packages.MapPost("/{id:guid}/publish", Publish).RequireRoles(Roles.Centre)
            .WithSummary("Publish a draft package as its first edition; subscribed schools receive it.");
        packages.MapGet("/", List);
        packages.MapGet("/{id:guid}", Get).WithSummary("A package with its resources.");
        packages.MapHistory<Package>((p, actor) => p.IsVisibleTo(actor));
        return api;
    }

    private static async Task<Results<Created<PackageView>, ValidationProblem, ProblemHttpResult>> Draft(
        PackageRequest body, Actor actor, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var v = body.Validate();
        if (!v.IsValid) return v.ToProblem();
        var resources = await LoadResourcesAsync(session, body.ResourceIds!, v, ct);
        if (!v.IsValid) return v.ToProblem();

        var id = Guid.NewGuid();
        var decision = PackageRules.Draft(id, body.ToContent(), resources, clock.GetUtcNow(), actor);
        if (decision.Error is { } error) return error.ToProblem();
        var outcome = await session.StartAsync<Package>(id, decision.Events, ct);
        return outcome.RespondCreated(http, $"/api/v1/packages/{id}", p => PackageView.From(p, outcome.Version, resources));
    }

    private static async Task<Results<Ok<PackageView>, ValidationProblem, ProblemHttpResult>> Revise(
        Guid id, PackageRequest body, IfMatch ifMatch, Actor actor, IDocumentSession session, TimeProvider clock,
        HttpContext http, CancellationToken ct)
    {
        var v = body.Validate();
        if (!v.IsValid) return v.ToProblem();
        var resources = await LoadResourcesAsync(session, body.ResourceIds!, v, ct);
        if (!v.IsValid) return v.ToProblem();

        var content = body.ToContent();
        var outcome = await session.DecideAsync<Package>(id, ifMatch,
            p => PackageRules.Revise(p, content, resources, clock.GetUtcNow(), actor), ct, "package");
        return outcome.Respond(http, p => PackageView.From(p, outcome.Version, resources));
    }

    private static async Task<Results<Ok<PackageView>, ValidationProblem, ProblemHttpResult>> Publish(
        Guid id, IfMatch ifMatch, Actor actor, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        // The resources to check are the package's own: read them from the state being decided on,
        // which the save then guards against a concurrent edit.
        IReadOnlyList<Resource> resources = [];
        var outcome = await session.DecideAsync<Package>(id, ifMatch, async (package, token) =>
        {
            resources = await session.LoadManyAsync<Resource>(token, package.Content.ResourceIds);
            return PackageRules.Publish(package, resources, clock.GetUtcNow(), actor);
        }, ct, "package");
        return outcome.Respond(http, p => PackageView.From(p, outcome.Version, Ordered(resources, p.Content.ResourceIds)));
    }

    private static async Task<Results<Ok<PagedList<PackageView>>, ValidationProblem>> List(
        string? status, PageRequest page, Actor actor, IDocumentSession session, CancellationToken ct)
    {
        var v = new Validator();
        var statusFilter = v.Enum<PackageStatus>("status", status);
        if (!v.IsValid) return v.ToProblem();
        IQueryable<Package> query = session.Query<Package>();
        if (!actor.IsNational) query = query.Where(p => p.Status == PackageStatus.Published);
        if (statusFilter is { } wanted) query = query.Where(p => p.Status == wanted);
        return TypedResults.Ok(await query.ToPagedListAsync(
            q => q.OrderByDescending(p => p.CreatedAt),
            p => PackageView.From(p, p.Version), page, ct));
    }

    private static async Task<Results<Ok<PackageView>, ProblemHttpResult>> Get(
        Guid id, Actor actor, IDocumentSession session, HttpContext http, CancellationToken ct)
    {
        var (package, version) = await session.ReadAsync<Package>(id, ct);
        if (package is null || !package.IsVisibleTo(actor)) return Problems.NotFound("package");
        var resources = await session.LoadManyAsync<Resource>(ct, package.Content.ResourceIds);
        return http.OkWithETag(PackageView.From(package, version, Ordered(resources, package.Content.ResourceIds)), version);
    }

    /// <summary>The resources named, in the package's order; an id that is no resource is a field error.</summary>
    private static async Task<IReadOnlyList<Resource>> LoadResourcesAsync(
        IQuerySession session, IReadOnlyList<Guid> ids, Validator v, CancellationToken ct)
    {
        var found = await session.LoadManyAsync<Resource>(ct, ids);
        var known = found.Select(r => r.Id).ToHashSet();
        for (var i = 0; i < ids.Count; i++)
            if (!known.Contains(ids[i])) v.Add($"resourceIds[{i}]", "is not a resource of the catalogue.");
        return Ordered(found, ids);
    }

    private static IReadOnlyList<Resource> Ordered(IEnumerable<Resource> resources, IReadOnlyList<Guid> order)
    {
        var byId = resources.ToDictionary(r => r.Id);
        return order.Where(byId.ContainsKey).Select(id => byId[id]).ToList();
    }
}
