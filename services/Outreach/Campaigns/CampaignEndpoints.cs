using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Http;
using Kechuang.BuildingBlocks.Persistence;
using Kechuang.Outreach.Domain;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kechuang.Outreach.Campaigns;

/// <summary>Campaigns: launch (centre), read, list, history and progress against targets.</summary>
public static class CampaignEndpoints
{
    // The limits of the requests' fields: the schemas state them (SchemaLimits.cs), the validators check them.
    private const int NameMax = 200, TargetMin = 0;

    public sealed record TargetsRequest(
        [property: Between(TargetMin, MaxTarget)] int? Schools, [property: Between(TargetMin, MaxTarget)] int? Teachers,
        [property: Between(TargetMin, MaxTarget)] int? Activities);

    public sealed record LaunchCampaignRequest(
        [property: MaxChars(NameMax)] string? Name, CampaignKind? Kind,
        [property: InVocabulary(VocabularyKind.Province)] IReadOnlyList<string>? Provinces, DateOnly? StartsOn, DateOnly? EndsOn,
        TargetsRequest? Targets);

    public sealed record CampaignView(
        Guid Id, string Name, CampaignKind Kind, IReadOnlyList<string> Provinces, DateOnly StartsOn, DateOnly EndsOn,
        CampaignTargets Targets, CampaignStatus Status, DateTimeOffset LaunchedAt, long Version)
    {
        public static CampaignView From(Campaign c, long version, DateTimeOffset now) =>
            new(c.Id, c.Name, c.Kind, c.Provinces, c.StartsOn, c.EndsOn, c.Targets, c.StatusAt(now), c.LaunchedAt, version);
    }

    /// <summary>
    /// <c>achieved</c> counts the campaign's own recorded activities: <c>schools</c> distinct schools
    /// (province, city, county and normalised name), <c>teachers</c> the participants of its
    /// training activities (送培训), <c>activities</c> every activity held.
    /// </summary>
    public sealed record ProgressView(
        Guid CampaignId, CampaignStatus Status, CampaignTargets Targets, CampaignTargets Achieved, long Version);

    public const int MaxTarget = 1_000_000;

    public static RouteGroupBuilder MapCampaigns(this RouteGroupBuilder api)
    {
        var campaigns = api.MapGroup("/campaigns").WithTags("Campaigns");
        campaigns.MapPost("/", Launch).RequireRoles(Roles.Centre);
        campaigns.MapGet("/", List);
        campaigns.MapGet("/{id:guid}", Get);
        campaigns.MapGet("/{id:guid}/progress", Progress);
        campaigns.MapHistory<Campaign>((c, actor) => c.VisibleTo(actor));
        campaigns.MapActivities();
        return api;
    }

    internal static Validator Validate(LaunchCampaignRequest body)
    {
        var v = new Validator();
        v.Text("name", body.Name, NameMax);
        v.Required("kind", body.Kind);
        v.Provinces("provinces", body.Provinces);
        if (body.Provinces is { Count: > 0 } provinces && provinces.Distinct(StringComparer.Ordinal).Count() != provinces.Count)
            v.Add("provinces", "lists a province twice.");
        v.Required("startsOn", body.StartsOn);
        v.Required("endsOn", body.EndsOn);
        if (body.StartsOn is { } starts && body.EndsOn is { } ends && ends < starts)
            v.Add("endsOn", "must be on or after startsOn.");
        if (v.Required("targets", body.Targets))
        {
            v.Range("targets.schools", body.Targets!.Schools, TargetMin, MaxTarget);
            v.Range("targets.teachers", body.Targets.Teachers, TargetMin, MaxTarget);
            v.Range("targets.activities", body.Targets.Activities, TargetMin, MaxTarget);
        }
        return v;
    }

    private static async Task<Results<Created<CampaignView>, ValidationProblem, ProblemHttpResult>> Launch(
        LaunchCampaignRequest body, Actor actor, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var v = Validate(body);
        if (!v.IsValid) return v.ToProblem();
        var id = Guid.NewGuid();
        var now = clock.GetUtcNow();
        var targets = body.Targets!;
        var launched = new CampaignLaunched(id, body.Name!.Trim(), body.Kind!.Value, body.Provinces!, body.StartsOn!.Value,
            body.EndsOn!.Value, new CampaignTargets(targets.Schools!.Value, targets.Teachers!.Value, targets.Activities!.Value),
            actor, now);
        var outcome = await session.StartAsync<Campaign>(id, [launched], ct);
        return outcome.RespondCreated(http, $"/api/v1/campaigns/{id}", c => CampaignView.From(c, outcome.Version, now));
    }

    private static async Task<Results<Ok<PagedList<CampaignView>>, ValidationProblem>> List(
        string? kind, string? province, string? status, PageRequest page, Actor actor, IDocumentSession session,
        TimeProvider clock, CancellationToken ct)
    {
        var v = new Validator();
        var kindFilter = v.Enum<CampaignKind>("kind", kind);
        var statusFilter = v.Enum<CampaignStatus>("status", status);
        if (province is not null) v.Province("province", province);
        if (!v.IsValid) return v.ToProblem();

        var now = clock.GetUtcNow();
        var today = Places.ChinaDate(now);
        IQueryable<Campaign> query = session.Query<Campaign>();
        if (kindFilter is { } k) query = query.Where(c => c.Kind == k);
        if (province is not null) query = query.Where(c => c.Provinces.Contains(province));
        if (actor.HeldToProvince)
        {
            var own = actor.Province ?? "";
            query = query.Where(c => c.Provinces.Contains(own));
        }
        query = statusFilter switch
        {
            CampaignStatus.Planned => query.Where(c => c.StartsOn > today),
            CampaignStatus.Active => query.Where(c => c.StartsOn <= today && c.EndsOn >= today),
            CampaignStatus.Ended => query.Where(c => c.EndsOn < today),
            _ => query,
        };
        return TypedResults.Ok(await query.ToPagedListAsync(
            q => q.OrderByDescending(c => c.StartsOn).ThenBy(c => c.Name),
            c => CampaignView.From(c, c.Version, now), page, ct));
    }

    private static Task<Results<Ok<CampaignView>, ProblemHttpResult>> Get(
        Guid id, Actor actor, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        session.ReadViewAsync<Campaign, CampaignView>(id, http, "campaign", campaign => campaign.VisibleTo(actor),
            (campaign, version) => CampaignView.From(campaign, version, clock.GetUtcNow()), ct);

    private static Task<Results<Ok<ProgressView>, ProblemHttpResult>> Progress(
        Guid id, Actor actor, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        session.ReadViewAsync<Campaign, ProgressView>(id, http, "campaign", campaign => campaign.VisibleTo(actor),
            (campaign, version) => new ProgressView(
                campaign.Id, campaign.StatusAt(clock.GetUtcNow()), campaign.Targets, campaign.Achieved, version), ct);
}
