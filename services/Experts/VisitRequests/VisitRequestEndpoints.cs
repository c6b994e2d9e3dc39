using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Http;
using Kechuang.BuildingBlocks.Persistence;
using Kechuang.Experts.Domain;
using Kechuang.Experts.Schedules;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kechuang.Experts.VisitRequests;

/// <summary>
/// Visit requests (大手拉小手 进校园): a school asks, the centre or a province proposes an expert and
/// a slot, the expert accepts or declines, the visit is delivered and the school gives feedback.
/// </summary>
public static class VisitRequestEndpoints
{
    // The limits of the requests' fields: the schemas state them (SchemaLimits.cs), the validators check them.
    private const int SchoolNameMax = 100, PlaceMax = 50, AudienceSizeMin = 1, AudienceSizeMax = 5000, RequestedMinutesMin = 15,
        WindowsMax = 20, NotesMax = 1000, ReasonMax = 500, AudienceCountMin = 1, AudienceCountMax = 100_000,
        DeliveredMinutesMin = 1, RatingMin = 1, RatingMax = 5, FeedbackCommentMax = 1000;

    public sealed record SchoolRequest(
        [property: MaxChars(SchoolNameMax)] string? Name, [property: InVocabulary(VocabularyKind.Province)] string? Province,
        [property: MaxChars(PlaceMax)] string? City, [property: MaxChars(PlaceMax)] string? County, bool? Rural);

    public sealed record RequestVisitRequest(
        SchoolRequest? School, VisitKind? Kind, [property: InVocabulary(VocabularyKind.Topic)] string? Topic,
        [property: InVocabulary(VocabularyKind.Grade)] IReadOnlyList<string>? Grades,
        [property: Between(AudienceSizeMin, AudienceSizeMax)] int? AudienceSize,
        [property: MaxItems(WindowsMax)] IReadOnlyList<SlotRequest?>? PreferredWindows,
        [property: Between(RequestedMinutesMin, MaxDurationMinutes)] int? DurationMinutes,
        [property: MaxChars(NotesMax)] string? Notes);

    public sealed record AssignRequest(Guid? ExpertId, DateTimeOffset? Start, DateTimeOffset? End);

    public sealed record RespondRequest(bool? Accept, [property: MaxChars(ReasonMax)] string? Reason);

    public sealed record CancelRequest([property: MaxChars(ReasonMax)] string? Reason);

    public sealed record DeliverRequest(
        DateTimeOffset? DeliveredAt, [property: Between(AudienceCountMin, AudienceCountMax)] int? AudienceCount,
        [property: Between(DeliveredMinutesMin, MaxDurationMinutes)] int? DurationMinutes);

    public sealed record FeedbackRequest([property: Between(RatingMin, RatingMax)] int? Rating, [property: MaxChars(FeedbackCommentMax)] string? Comment);

    public sealed record VisitRequestView(
        Guid Id, VisitStatus Status, School School, VisitKind Kind, string Topic, IReadOnlyList<string> Grades,
        int AudienceSize, IReadOnlyList<TimeSlot> PreferredWindows, int DurationMinutes, string? Notes,
        Assignment? Assignment, Delivery? Delivery, Feedback? Feedback, string? CancellationReason, Guid? OrganizationId,
        DateTimeOffset RequestedAt, long Version)
    {
        public static VisitRequestView From(VisitRequest r, long version) =>
            new(r.Id, r.Status, r.School, r.Kind, r.Topic, r.Grades, r.AudienceSize, r.PreferredWindows, r.DurationMinutes,
                r.Notes, r.Assignment, r.Delivery, r.Feedback, r.CancellationReason, r.OrganizationId, r.RequestedAt, version);
    }

    public const int MaxDurationMinutes = 480;

    public static RouteGroupBuilder MapVisitRequests(this RouteGroupBuilder api)
    {
        var visits = api.MapGroup("/visit-requests").WithTags("Visit requests");
        visits.MapPost("/", Request).RequireRoles(Roles.School)
            .WithSummary("A school requests a science talk, an elective course or practice guidance.");
        visits.MapGet("/", List).RequireRoles(Roles.Centre, Roles.Province, Roles.School, Roles.Expert, Roles.Operator)
            .WithSummary("Visit requests the caller may see: all (centre), its province, its school, its own visits (expert).");
        visits.MapGet("/{id:guid}", Get).WithSummary("One visit request.");
        visits.MapPost("/{id:guid}/assignment", Assign).RequireRoles(Roles.Centre, Roles.Province)
            .WithSummary("Propose an expert and a slot; 409 double_booked or monthly_capacity_reached.");
        visits.MapPost("/{id:guid}/acceptance", Respond).RequireRoles(Roles.Expert)
            .WithSummary("The proposed expert accepts (confirmed) or declines (open again, slot freed).");
        visits.MapPost("/{id:guid}/cancellation", Cancel).RequireRoles(Roles.Centre, Roles.Province, Roles.School, Roles.Expert)
            .WithSummary("Cancel before delivery; a held slot is freed.");
        visits.MapPost("/{id:guid}/delivery", Deliver).RequireRoles(Roles.Centre, Roles.Province, Roles.School, Roles.Expert)
            .WithSummary("Record a confirmed visit as delivered, with its audience and duration.");
        visits.MapPost("/{id:guid}/feedback", GiveFeedback).RequireRoles(Roles.School)
            .WithSummary("The school rates a delivered visit (1-5), once.");
        visits.MapHistory<VisitRequest>(VisitAccess.CanSee);
        return visits;
    }

    /// <summary>Adds the request's field errors to <paramref name="v"/>; the preferred windows, when they are valid.</summary>
    internal static IReadOnlyList<TimeSlot> Validate(Validator v, RequestVisitRequest body)
    {
        if (body.School is not { } school) v.Add("school", "is required.");
        else
        {
            v.Text("school.name", school.Name, SchoolNameMax);
            v.Province("school.province", school.Province);
            v.OptionalText("school.city", school.City, PlaceMax);
            v.OptionalText("school.county", school.County, PlaceMax);
            v.Required("school.rural", school.Rural);
        }
        v.Required("kind", body.Kind);
        v.Topic("topic", body.Topic);
        v.Grades("grades", body.Grades);
        v.Range("audienceSize", body.AudienceSize, AudienceSizeMin, AudienceSizeMax);
        v.Range("durationMinutes", body.DurationMinutes, RequestedMinutesMin, MaxDurationMinutes);
        var windows = Slots.Validate(v, "preferredWindows", body.PreferredWindows, max: WindowsMax, atLeastOne: true, disjoint: false);
        if (body.DurationMinutes is { } minutes && windows.Any(w => w.Length < TimeSpan.FromMinutes(minutes)))
            v.Add("preferredWindows", "each window must be at least durationMinutes long.");
        v.OptionalText("notes", body.Notes, NotesMax);
        return windows;
    }

    private static async Task<Results<Created<VisitRequestView>, ValidationProblem, ProblemHttpResult>> Request(
        RequestVisitRequest body, Actor actor, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        if (actor.Role == Roles.School && actor.OrganizationId is null)
            return Problems.Forbidden("A school's key must name its organisation: requests belong to the school that made them.");
        var v = new Validator();
        var windows = Validate(v, body);
        if (body.School?.Province is { } province && !actor.CoversProvince(province))
            v.Add("school.province", $"must be your own province ({actor.Province}).");
        if (!v.IsValid) return v.ToProblem();
        var id = Guid.NewGuid();
        var s = body.School!;
        var requested = new VisitRequested(id, actor.OrganizationId,
            new School(s.Name!.Trim(), s.Province!, Blank(s.City), Blank(s.County), s.Rural!.Value), body.Kind!.Value, body.Topic!,
            body.Grades!.Distinct(StringComparer.Ordinal).ToList(), body.AudienceSize!.Value, windows.OrderBy(w => w.Start).ToList(),
            body.DurationMinutes!.Value, Blank(body.Notes), actor, clock.GetUtcNow());
        var outcome = await session.StartAsync<VisitRequest>(id, [requested], ct);
        return outcome.RespondCreated(http, $"/api/v1/visit-requests/{id}", r => VisitRequestView.From(r, outcome.Version));
    }

    private static async Task<Results<Ok<PagedList<VisitRequestView>>, ValidationProblem>> List(
        string? status, string? province, string? topic, Guid? expertId, PageRequest page, Actor actor,
        IDocumentSession session, CancellationToken ct)
    {
        var v = new Validator();
        var statusFilter = v.Enum<VisitStatus>("status", status);
        if (province is not null) v.Province("province", province);
        if (topic is not null) v.Topic("topic", topic);
        if (!v.IsValid) return v.ToProblem();

        var query = session.Query<VisitRequest>().HeldTo(actor, r => r.School.Province);
        query = actor.Role switch
        {
            Roles.School => query.Where(r => r.OrganizationId == actor.OrganizationId),
            Roles.Expert => query.Where(r => r.ExpertId == actor.ExpertId),
            _ => query,
        };
        if (statusFilter is { } st) query = query.Where(r => r.Status == st);
        if (province is not null) query = query.Where(r => r.School.Province == province);
        if (topic is not null) query = query.Where(r => r.Topic == topic);
        if (expertId is { } expert) query = query.Where(r => r.ExpertId == expert);

        return TypedResults.Ok(await query.ToPagedListAsync(
            q => q.OrderByDescending(r => r.RequestedAt).ThenBy(r => r.Id),
            r => VisitRequestView.From(r, r.Version), page, ct));
    }

    private static Task<Results<Ok<VisitRequestView>, ProblemHttpResult>> Get(
        Guid id, Actor actor, IDocumentSession session, HttpContext http, CancellationToken ct) =>
        session.ReadViewAsync<VisitRequest, VisitRequestView>(id, http, "visit request", visit => VisitAccess.CanSee(visit, actor),
            (visit, version) => VisitRequestView.From(visit, version), ct);

    private static async Task<Results<Ok<VisitRequestView>, ValidationProblem, ProblemHttpResult>> Assign(
        Guid id, AssignRequest body, Actor actor, IfMatch ifMatch, IDocumentSession session, TimeProvider clock,
        HttpContext http, CancellationToken ct)
    {
        var v = new Validator();
        v.Required("expertId", body.ExpertId);
        v.Period("slot", body.Start, body.End);
        if (body is { Start: { } start, End: { } end } && end - start > TimeSpan.FromMinutes(MaxDurationMinutes))
            v.Add("end", $"a visit lasts at most {MaxDurationMinutes} minutes.");
        if (!v.IsValid) return v.ToProblem();

        var expertId = body.ExpertId!.Value;
        var expert = await session.Events.FetchLatest<Expert>(expertId, ct);
        if (expert is null) return Problems.NotFound("expert");
        var slot = new TimeSlot(body.Start!.Value, body.End!.Value);
        var outcome = await session.DecideAsync<VisitRequest, ExpertSchedule>(id, ifMatch, ExpertSchedule.StreamIdFor(expertId),
            (visit, schedule) => !VisitAccess.CanSee(visit, actor)
                ? DomainError.NotFound("visit request")
                : OnSchedule(schedule, VisitRules.Assign(visit, expert, schedule!, slot, clock.GetUtcNow(), actor)), ct, "visit request", "expert");
        return outcome.Respond(http, r => VisitRequestView.From(r, outcome.Version));
    }

    private static async Task<Results<Ok<VisitRequestView>, ValidationProblem, ProblemHttpResult>> Respond(
        Guid id, RespondRequest body, Actor actor, IfMatch ifMatch, IDocumentSession session, TimeProvider clock,
        HttpContext http, CancellationToken ct)
    {
        var v = new Validator();
        v.Required("accept", body.Accept);
        v.OptionalText("reason", body.Reason, ReasonMax);
        if (!v.IsValid) return v.ToProblem();
        var outcome = await session.DecideAsync<VisitRequest, ExpertSchedule>(id, ifMatch, AssignedSchedule,
            (visit, schedule) => !VisitAccess.CanSee(visit, actor)
                ? DomainError.NotFound("visit request")
                : OnSchedule(schedule, VisitRules.Respond(visit, schedule!, body.Accept!.Value, Blank(body.Reason), clock.GetUtcNow(), actor)),
            ct, "visit request");
        return outcome.Respond(http, r => VisitRequestView.From(r, outcome.Version));
    }

    private static async Task<Results<Ok<VisitRequestView>, ValidationProblem, ProblemHttpResult>> Cancel(
        Guid id, CancelRequest body, Actor actor, IfMatch ifMatch, IDocumentSession session, TimeProvider clock,
        HttpContext http, CancellationToken ct)
    {
        var v = new Validator();
        v.Text("reason", body.Reason, ReasonMax);
        if (!v.IsValid) return v.ToProblem();
        var outcome = await session.DecideAsync<VisitRequest, ExpertSchedule>(id, ifMatch, AssignedSchedule,
            (visit, schedule) => !VisitAccess.CanSee(visit, actor)
                ? DomainError.NotFound("visit request")
                : OnSchedule(schedule, VisitRules.Cancel(visit, schedule, body.Reason!.Trim(), clock.GetUtcNow(), actor)), ct, "visit request");
        return outcome.Respond(http, r => VisitRequestView.From(r, outcome.Version));
    }

    private static async Task<Results<Ok<VisitRequestView>, ValidationProblem, ProblemHttpResult>> Deliver(
        Guid id, DeliverRequest body, Actor actor, IfMatch ifMatch, IDocumentSession session, TimeProvider clock,
        HttpContext http, CancellationToken ct)
    {
        var v = new Validator();
        v.Required("deliveredAt", body.DeliveredAt);
        v.Range("audienceCount", body.AudienceCount, AudienceCountMin, AudienceCountMax);
        v.Range("durationMinutes", body.DurationMinutes, DeliveredMinutesMin, MaxDurationMinutes);
        if (!v.IsValid) return v.ToProblem();
        var outcome = await session.DecideAsync<VisitRequest>(id, ifMatch, visit =>
            !VisitAccess.CanSee(visit, actor)
                ? DomainError.NotFound("visit request")
                : VisitRules.Deliver(visit, body.DeliveredAt!.Value, body.AudienceCount!.Value, body.DurationMinutes!.Value,
                    clock.GetUtcNow(), actor), ct, "visit request");
        return outcome.Respond(http, r => VisitRequestView.From(r, outcome.Version));
    }

    private static async Task<Results<Ok<VisitRequestView>, ValidationProblem, ProblemHttpResult>> GiveFeedback(
        Guid id, FeedbackRequest body, Actor actor, IfMatch ifMatch, IDocumentSession session, TimeProvider clock,
        HttpContext http, CancellationToken ct)
    {
        var v = new Validator();
        v.Range("rating", body.Rating, RatingMin, RatingMax);
        v.OptionalText("comment", body.Comment, FeedbackCommentMax);
        if (!v.IsValid) return v.ToProblem();
        var outcome = await session.DecideAsync<VisitRequest>(id, ifMatch, visit =>
            !VisitAccess.CanSee(visit, actor)
                ? DomainError.NotFound("visit request")
                : VisitRules.GiveFeedback(visit, body.Rating!.Value, Blank(body.Comment), clock.GetUtcNow(), actor), ct, "visit request");
        return outcome.Respond(http, r => VisitRequestView.From(r, outcome.Version));
    }

    /// <summary>
    /// A decision that also touches the expert's schedule (assign, decline, cancel) takes the
    /// schedule stream under its row lock: concurrent bookings of one expert queue behind it and
    /// each decides on the schedule as the previous one left it. The request itself is checked
    /// optimistically (If-Match, or the version it was read at); both appends commit together.
    /// An assignment locks the schedule it names before the request is read; a decline or a
    /// cancellation the schedule of the request's assigned expert, if any.
    /// </summary>
    private static Guid? AssignedSchedule(VisitRequest visit) =>
        visit.ExpertId is { } expert ? ExpertSchedule.StreamIdFor(expert) : null;

    /// <summary>A visit rule's decision with its schedule's events set apart for the schedule stream.</summary>
    /// <summary>
    /// The schedule's events go to the schedule whose lock is held; a rule that decided on
    /// another expert's schedule is a bug, not a write to the wrong stream.
    /// </summary>
    private static LedgerDecision OnSchedule(ExpertSchedule? locked, Decision decision)
    {
        if (decision.Error is { } error) return error;
        var onSchedule = decision.Events.OfType<IScheduleEvent>().ToList();
        if (onSchedule.FirstOrDefault(e => e.ScheduleId != locked?.Id) is { } stray)
            throw new InvalidOperationException($"{stray.GetType().Name} is for schedule {stray.ScheduleId}, not the locked {locked?.Id}.");
        return LedgerDecision.Of(decision.Events.Where(e => e is not IScheduleEvent).ToList(), onSchedule.Cast<object>().ToList());
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
