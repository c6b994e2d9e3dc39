using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Http;
using Kechuang.BuildingBlocks.Persistence;
using Kechuang.Training.Domain;
using Kechuang.Training.ReadModels;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kechuang.Training.Courses;

/// <summary>Schedule a course (→ scheduled), publish it (→ open), read courses with their seat counts.</summary>
public static class CourseEndpoints
{
    public const int MaxSessions = 100;
    public const int MaxCapacity = 10_000;
    public const int MaxTrainers = 20;
    // The limits of the requests' fields: the schemas state them (SchemaLimits.cs), the validators check them.
    private const int TitleMax = 200, CapacityMin = 1;

    public sealed record SessionRequest(DateTimeOffset? Start, DateTimeOffset? End);

    public sealed record ScheduleCourseRequest(
        [property: MaxChars(TitleMax)] string? Title, CourseArea? Area, CourseMode? Mode, Guid? BaseId,
        [property: MaxItems(MaxTrainers)] IReadOnlyList<Guid>? TrainerIds, [property: Between(CapacityMin, MaxCapacity)] int? Capacity,
        [property: MaxItems(MaxSessions)] IReadOnlyList<SessionRequest?>? Sessions, int? RequiredSessions, bool? Rural,
        DateTimeOffset? EnrolmentDeadline, [property: InVocabulary(VocabularyKind.Province)] string? Province = null);

    public sealed record CourseView(
        Guid Id, string Title, CourseArea Area, CourseMode Mode, Guid? BaseId, IReadOnlyList<Guid> TrainerIds, int Capacity,
        IReadOnlyList<CourseSession> Sessions, int RequiredSessions, bool Rural, DateTimeOffset EnrolmentDeadline,
        CourseStatus Status, bool EnrolmentOpen, int Enrolled, int Waitlisted, int SeatsLeft, DateTimeOffset ScheduledAt,
        DateTimeOffset? PublishedAt, long Version, string? Province)
    {
        public static CourseView From(Course c, SeatLedger? ledger, long version, DateTimeOffset now)
        {
            var enrolled = ledger?.Seated ?? 0;
            return new(c.Id, c.Title, c.Area, c.Mode, c.BaseId, c.TrainerIds, c.Capacity, c.Sessions, c.RequiredSessions, c.Rural,
                c.EnrolmentDeadline, c.Status, c.AcceptsEnrolmentsAt(now), enrolled, ledger?.Waiting ?? 0,
                Math.Max(0, c.Capacity - enrolled), c.ScheduledAt, c.PublishedAt, version, c.Province);
        }
    }

    public static RouteGroupBuilder MapCourses(this RouteGroupBuilder api)
    {
        var courses = api.MapGroup("/courses").WithTags("Courses");
        courses.MapPost("/", Schedule).RequireRoles(Roles.Centre, Roles.Province, Roles.Trainer);
        courses.MapPost("/{id:guid}/publish", Publish).RequireRoles(Roles.Centre, Roles.Province)
            .WithSummary("Opens the course for enrolment: the centre, or the province the course belongs to.");
        courses.MapGet("/", List);
        courses.MapGet("/{id:guid}", Get);
        courses.MapHistory<Course>((_, _) => true);
        return api;
    }

    internal static Validator Validate(ScheduleCourseRequest body)
    {
        var v = new Validator();
        v.Text("title", body.Title, TitleMax);
        v.Required("area", body.Area);
        v.Required("mode", body.Mode);
        if (body.Province is not null) v.Province("province", body.Province);
        if (body.Mode == CourseMode.Offline && body.BaseId is null) v.Add("baseId", "is required for an offline course (the base where it takes place).");
        if (body.TrainerIds is { } trainers)
        {
            if (trainers.Count > MaxTrainers) v.Add("trainerIds", $"lists at most {MaxTrainers} trainers.");
            if (trainers.Distinct().Count() != trainers.Count) v.Add("trainerIds", "lists a trainer twice.");
        }
        v.Range("capacity", body.Capacity, CapacityMin, MaxCapacity);
        ValidateSessions(v, body.Sessions);
        if (body.RequiredSessions is { } required && body.Sessions is { Count: > 0 } sessions && (required < 1 || required > sessions.Count))
            v.Add("requiredSessions", $"must be between 1 and the number of sessions ({sessions.Count}).");
        v.Required("rural", body.Rural);
        v.Required("enrolmentDeadline", body.EnrolmentDeadline);
        if (body.EnrolmentDeadline is { } deadline && body.Sessions is { Count: > 0 } s && s[0]?.Start is { } firstStart && deadline > firstStart)
            v.Add("enrolmentDeadline", "must not be after the first session starts.");
        return v;
    }

    private static void ValidateSessions(Validator v, IReadOnlyList<SessionRequest?>? sessions)
    {
        if (sessions is null || sessions.Count == 0)
        {
            v.Add("sessions", "needs at least one session.");
            return;
        }
        if (sessions.Count > MaxSessions) v.Add("sessions", $"has at most {MaxSessions} sessions.");
        DateTimeOffset? previousEnd = null;
        for (var i = 0; i < sessions.Count; i++)
        {
            var session = sessions[i];
            v.Period($"sessions[{i}]", session?.Start, session?.End);
            if (session?.Start is { } start && previousEnd is { } end && start < end)
                v.Add($"sessions[{i}]", "must start after the previous session ends (sessions are listed in order).");
            previousEnd = session?.End ?? previousEnd;
        }
    }

    private static async Task<Results<Created<CourseView>, ValidationProblem, ProblemHttpResult>> Schedule(
        ScheduleCourseRequest body, Actor actor, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var v = Validate(body);
        if (!v.IsValid) return v.ToProblem();

        var id = Guid.NewGuid();
        var now = clock.GetUtcNow();
        var sessions = body.Sessions!.Select(s => new CourseSession(s!.Start!.Value, s.End!.Value)).ToList();
        var trainerIds = body.TrainerIds ?? [];
        if (actor.Is(Roles.Trainer) && (actor.ExpertId is not { } self || !trainerIds.Contains(self)))
            return Problems.Forbidden("A trainer schedules only courses it trains: list your own expert id in trainerIds.");

        // An offline course belongs to its base's province; otherwise to the one named, or to the
        // scheduler's own when it is held to one; a centre course naming none is national.
        var trainingBase = body.BaseId is { } baseId ? await session.Events.FetchLatest<TrainingBase>(baseId, ct) : null;
        if (body.Province is { } named && trainingBase is not null && named != trainingBase.Province)
            return Problems.Field("province", $"must be the province of the training base ({trainingBase.Province}), or left out.");
        var province = body.Province ?? trainingBase?.Province ?? (actor.HeldToProvince ? actor.Province : null);
        if (!actor.CoversProvince(province)) return Problems.Forbidden("A province schedules courses of its own province only.");

        var proposed = new CourseScheduled(id, body.Title!.Trim(), body.Area!.Value, body.Mode!.Value, body.BaseId, trainerIds,
            body.Capacity!.Value, sessions, body.RequiredSessions ?? Course.DefaultRequiredSessions(sessions.Count), body.Rural!.Value,
            body.EnrolmentDeadline!.Value, actor, now, province);

        var pool = trainerIds.Count == 0
            ? []
            : (await session.LoadManyAsync<Trainer>(ct, trainerIds)).Where(t => t.InPool).Select(t => t.Id).ToHashSet();
        var decision = CourseRules.Schedule(proposed, pool, trainingBase is not null);
        if (decision.Error is { } error) return error.ToProblem();

        // The seat ledger is born with the course: every enrolment later locks it.
        var ledgerId = SeatLedger.IdFor(id);
        session.Events.StartStream<SeatLedger>(ledgerId, new SeatLedgerOpened(ledgerId, id, proposed.Capacity, actor, now));
        var outcome = await session.StartAsync<Course>(id, decision.Events, ct);
        return outcome.RespondCreated(http, $"/api/v1/courses/{id}", c => CourseView.From(c, null, outcome.Version, now));
    }

    private static async Task<Results<Ok<CourseView>, ValidationProblem, ProblemHttpResult>> Publish(
        Guid id, Actor actor, IfMatch ifMatch, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var outcome = await session.DecideAsync<Course>(id, ifMatch, c => CourseRules.Publish(c, actor, now), ct, "course");
        if (outcome.Error is { } error) return error.ToProblem();
        var ledger = await session.Events.FetchLatest<SeatLedger>(SeatLedger.IdFor(id), ct);
        return outcome.Respond(http, c => CourseView.From(c, ledger, outcome.Version, now));
    }

    private static async Task<Results<Ok<PagedList<CourseView>>, ValidationProblem>> List(
        PageRequest page, string? status, string? area, string? mode, string? rural, string? baseId,
        IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var v = new Validator();
        var statusFilter = v.Enum<CourseStatus>("status", status);
        var areaFilter = v.Enum<CourseArea>("area", area);
        var modeFilter = v.Enum<CourseMode>("mode", mode);
        var ruralFilter = v.Boolean("rural", rural);
        var baseFilter = v.Id("baseId", baseId);
        if (!v.IsValid) return v.ToProblem();

        var query = session.Query<Course>().AsQueryable();
        if (statusFilter is { } st) query = query.Where(c => c.Status == st);
        if (areaFilter is { } ar) query = query.Where(c => c.Area == ar);
        if (modeFilter is { } mo) query = query.Where(c => c.Mode == mo);
        if (ruralFilter is { } ru) query = query.Where(c => c.Rural == ru);
        if (baseFilter is { } ba) query = query.Where(c => c.BaseId == ba);
        var (items, total) = await query.ToPageAsync(q => q.OrderBy(c => c.EnrolmentDeadline), page, ct);

        var ledgers = items.Count == 0
            ? new Dictionary<Guid, SeatLedger>()
            : (await session.LoadManyAsync<SeatLedger>(ct, items.Select(c => SeatLedger.IdFor(c.Id)))).ToDictionary(l => l.CourseId);
        var now = clock.GetUtcNow();
        return TypedResults.Ok(PagedList<CourseView>.From(
            items.Select(c => CourseView.From(c, ledgers.GetValueOrDefault(c.Id), c.Version, now)).ToList(), total, page));
    }

    private static async Task<Results<Ok<CourseView>, ProblemHttpResult>> Get(
        Guid id, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var (course, version) = await session.ReadAsync<Course>(id, ct);
        if (course is null) return Problems.NotFound("course");
        var ledger = await session.Events.FetchLatest<SeatLedger>(SeatLedger.IdFor(id), ct);
        return http.OkWithETag(CourseView.From(course, ledger, version, clock.GetUtcNow()), version);
    }
}
