using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Http;
using Kechuang.BuildingBlocks.Persistence;
using Kechuang.Outreach.Domain;
using Kechuang.Outreach.ReadModels;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kechuang.Outreach.Campaigns;

/// <summary>A campaign's activities (送资源、送活动、送培训): record one (centre, province), list and read them.</summary>
public static class ActivityEndpoints
{
    // The limits of the requests' fields: the schemas state them (SchemaLimits.cs), the validators check them.
    private const int PlaceMax = 50, SchoolNameMax = 100, ParticipantsMin = 1;

    public sealed record RecordActivityRequest(
        ActivityKind? Kind, [property: InVocabulary(VocabularyKind.Province)] string? Province,
        [property: MaxChars(PlaceMax)] string? City, [property: MaxChars(PlaceMax)] string? County,
        [property: MaxChars(SchoolNameMax)] string? SchoolName, DateOnly? Date,
        [property: Between(ParticipantsMin, MaxParticipants)] int? Participants);

    public sealed record ActivityView(
        Guid Id, Guid CampaignId, ActivityKind Kind, string Province, string City, string County, string SchoolName,
        DateOnly Date, int Participants, string Status, DateTimeOffset RecordedAt, long Version)
    {
        /// <summary>An activity is a record of something held: it does not change after it is recorded.</summary>
        public const long OnlyVersion = 1;

        public static ActivityView From(CampaignActivity a) =>
            new(a.Id, a.CampaignId, a.Kind, a.Province, a.City, a.County, a.SchoolName, a.Date, a.Participants, "recorded",
                a.RecordedAt, OnlyVersion);
    }

    public const int MaxParticipants = 100_000;

    internal static RouteGroupBuilder MapActivities(this RouteGroupBuilder campaigns)
    {
        campaigns.MapPost("/{id:guid}/activities", Record).RequireRoles(Roles.Centre, Roles.Province);
        campaigns.MapGet("/{id:guid}/activities", List);
        campaigns.MapGet("/{id:guid}/activities/{activityId:guid}", Get);
        return campaigns;
    }

    internal static Validator Validate(RecordActivityRequest body)
    {
        var v = new Validator();
        v.Required("kind", body.Kind);
        v.Province("province", body.Province);
        v.Text("city", body.City, PlaceMax);
        v.Text("county", body.County, PlaceMax);
        v.Text("schoolName", body.SchoolName, SchoolNameMax);
        v.Required("date", body.Date);
        v.Range("participants", body.Participants, ParticipantsMin, MaxParticipants);
        return v;
    }

    /// <summary>
    /// Recording appends to the campaign's stream under a row lock (<c>FetchForExclusiveWriting</c>):
    /// concurrent recordings queue rather than fail, and the campaign's progress, kept inline with
    /// the stream, counts each of them exactly once.
    /// </summary>
    private static async Task<Results<Created<ActivityView>, ValidationProblem, ProblemHttpResult>> Record(
        Guid id, RecordActivityRequest body, Actor actor, IfMatch ifMatch, IDocumentSession session, TimeProvider clock,
        HttpContext http, CancellationToken ct)
    {
        var v = Validate(body);
        if (!v.IsValid) return v.ToProblem();
        var report = new ActivityReport(body.Kind!.Value, body.Province!, body.City!.Trim(), body.County!.Trim(),
            body.SchoolName!.Trim(), body.Date!.Value, body.Participants!.Value);
        var activityId = Guid.NewGuid();
        var outcome = await session.DecideExclusivelyAsync<Campaign>(id, ifMatch, campaign => campaign.VisibleTo(actor),
            campaign => CampaignRules.RecordActivity(campaign, activityId, report, clock.GetUtcNow(), actor), ct, "campaign");
        if (outcome.Error is { } error) return error.ToProblem();
        var recorded = await session.LoadAsync<CampaignActivity>(activityId, ct)
            ?? throw new InvalidOperationException($"Activity {activityId} was recorded but its read model is missing.");
        http.Response.Headers.ETag = IfMatch.ETag(ActivityView.OnlyVersion);
        return TypedResults.Created($"/api/v1/campaigns/{id}/activities/{activityId}", ActivityView.From(recorded));
    }

    private static async Task<Results<Ok<PagedList<ActivityView>>, ValidationProblem, ProblemHttpResult>> List(
        Guid id, string? kind, string? province, PageRequest page, Actor actor, IDocumentSession session, CancellationToken ct)
    {
        var v = new Validator();
        var kindFilter = v.Enum<ActivityKind>("kind", kind);
        if (province is not null) v.Province("province", province);
        if (!v.IsValid) return v.ToProblem();

        var campaign = await session.LoadAsync<Campaign>(id, ct);
        if (campaign is null || !campaign.VisibleTo(actor)) return Problems.NotFound("campaign");

        var query = session.Query<CampaignActivity>().Where(a => a.CampaignId == id);
        if (kindFilter is { } k) query = query.Where(a => a.Kind == k);
        if (province is not null) query = query.Where(a => a.Province == province);
        query = query.HeldTo(actor, a => a.Province);
        return TypedResults.Ok(await query.ToPagedListAsync(
            q => q.OrderByDescending(a => a.Date).ThenByDescending(a => a.RecordedAt),
            ActivityView.From, page, ct));
    }

    private static async Task<Results<Ok<ActivityView>, ProblemHttpResult>> Get(
        Guid id, Guid activityId, Actor actor, IDocumentSession session, HttpContext http, CancellationToken ct)
    {
        var campaign = await session.LoadAsync<Campaign>(id, ct);
        var activity = await session.LoadAsync<CampaignActivity>(activityId, ct);
        if (campaign is null || !campaign.VisibleTo(actor) || activity is null || activity.CampaignId != id
            || !actor.CoversProvince(activity.Province))
            return Problems.NotFound("activity");
        return http.OkWithETag(ActivityView.From(activity), ActivityView.OnlyVersion);
    }
}
