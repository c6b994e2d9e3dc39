using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Http;
using Kechuang.BuildingBlocks.Persistence;
using Kechuang.Training.Courses;
using Kechuang.Training.Domain;
using Kechuang.Training.ReadModels;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kechuang.Training.Enrolments;

/// <summary>
/// Enrol a teacher (a seat, or the waitlist when the course is full), cancel (the first
/// waitlisted takes the seat), record attendance, complete (a certificate), read enrolments.
/// </summary>
public static class EnrolmentEndpoints
{
    // The limits of the requests' fields: the schemas state them (SchemaLimits.cs), the validators check them.
    private const int NameMax = 50, SchoolMax = 200, PlaceMax = 50, ReasonMax = 500;

    public sealed record TeacherRequest(
        [property: MaxChars(NameMax)] string? Name, [property: MaxChars(SchoolMax)] string? School, [property: InVocabulary(VocabularyKind.Province)] string? Province,
        [property: MaxChars(PlaceMax)] string? City, [property: MaxChars(PlaceMax)] string? County, bool? Rural, [property: Matches(Vocabulary.PhoneShape)] string? Phone,
        [property: MaxChars(Vocabulary.EmailMax)] string? Email);

    public sealed record EnrolRequest(TeacherRequest? Teacher);

    public sealed record CancelRequest([property: MaxChars(ReasonMax)] string? Reason);

    public sealed record AttendanceRequest(int? Session, bool? Present);

    public sealed record EnrolmentView(
        Guid Id, Guid CourseId, Teacher Teacher, EnrolmentStatus Status, int? WaitlistPosition, int Arrival,
        IReadOnlyList<SessionAttendance> Attendance, int SessionsAttended, string? CertificateCode, DateTimeOffset RequestedAt,
        DateTimeOffset? CompletedAt, long Version)
    {
        public static EnrolmentView From(Enrolment e, SeatLedger? ledger, long version) =>
            new(e.Id, e.CourseId, e.Teacher, e.Status,
                e.Status == EnrolmentStatus.Waitlisted ? ledger?.WaitlistPosition(e.Id) : null,
                e.Arrival, e.Attendance, e.SessionsAttended, e.CertificateCode, e.RequestedAt, e.CompletedAt, version);
    }

    private static readonly string[] Enrollers = [Roles.Centre, Roles.Province, Roles.Trainer, Roles.School, Roles.Unit];
    private static readonly string[] Managers = [Roles.Centre, Roles.Province, Roles.Trainer, Roles.Expert];

    public static RouteGroupBuilder MapEnrolments(this RouteGroupBuilder api)
    {
        api.MapPost("/courses/{id:guid}/enrolments", Enrol).WithTags("Enrolments").RequireRoles(Enrollers)
            .WithSummary("Enrols a teacher: enrolled while seats last, then waitlisted, first come first served.");
        api.MapGet("/courses/{id:guid}/enrolments", ListForCourse).WithTags("Enrolments").RequireRoles(Managers);

        var enrolments = api.MapGroup("/enrolments").WithTags("Enrolments");
        enrolments.MapGet("/{id:guid}", Get).RequireRoles([.. Managers, Roles.School, Roles.Unit]);
        enrolments.MapPost("/{id:guid}/cancellation", Cancel).RequireRoles(Enrollers)
            .WithSummary("Cancels the enrolment; a freed seat goes to the first waitlisted teacher.");
        enrolments.MapPost("/{id:guid}/attendance", Attend).RequireRoles(Managers);
        enrolments.MapPost("/{id:guid}/completion", Complete).RequireRoles(Managers)
            .WithSummary("Completes the course and issues a certificate; needs attendance at the course's requiredSessions.");
        enrolments.MapHistory<Enrolment>(EnrolmentAccess.CanSeeHistory).RequireRoles([.. Managers, Roles.School, Roles.Unit]);
        return api;
    }

    internal static Validator Validate(EnrolRequest body)
    {
        var v = new Validator();
        if (!v.Required("teacher", body.Teacher)) return v;
        var t = body.Teacher!;
        v.Text("teacher.name", t.Name, NameMax);
        v.Text("teacher.school", t.School, SchoolMax);
        v.Province("teacher.province", t.Province);
        v.Text("teacher.city", t.City, PlaceMax);
        v.Text("teacher.county", t.County, PlaceMax);
        v.Required("teacher.rural", t.Rural);
        v.Phone("teacher.phone", t.Phone?.Trim());
        v.Email("teacher.email", t.Email?.Trim());
        return v;
    }

    private static async Task<Results<Created<EnrolmentView>, ValidationProblem, ProblemHttpResult>> Enrol(
        Guid id, EnrolRequest body, Actor actor, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var v = Validate(body);
        if (!v.IsValid) return v.ToProblem();
        var t = body.Teacher!;
        var teacher = new Teacher(t.Name!.Trim(), t.School!.Trim(), t.Province!, t.City!.Trim(), t.County!.Trim(), t.Rural!.Value,
            t.Phone!.Trim(), t.Email!.Trim());
        if (!actor.CoversProvince(teacher.Province)) return Problems.Forbidden("A province enrols teachers of its own province only.");

        var course = await session.Events.FetchLatest<Course>(id, ct);
        if (course is null) return Problems.NotFound("course");

        // The course's seat ledger serialises its enrolments: concurrent requests wait for its row
        // lock, then each decides on the seats the previous one left.
        var enrolmentId = Guid.NewGuid();
        var outcome = await session.StartAsync<Enrolment, SeatLedger>(enrolmentId, SeatLedger.IdFor(id), ledger =>
        {
            var ruling = EnrolmentRules.Admit(course, ledger, enrolmentId, teacher, actor, clock.GetUtcNow());
            if (ruling.Error is { } error) return error;
            var admission = ruling.Value!;
            return LedgerDecision.Of([admission.EnrolmentEvent], [admission.LedgerEvent]);
        }, ct, "course");

        var after = await session.Events.FetchLatest<SeatLedger>(SeatLedger.IdFor(id), ct);
        return outcome.RespondCreated(http, $"/api/v1/enrolments/{enrolmentId}", e => EnrolmentView.From(e, after, outcome.Version));
    }

    private static async Task<Results<Ok<PagedList<EnrolmentView>>, ValidationProblem, ProblemHttpResult>> ListForCourse(
        Guid id, PageRequest page, string? status, Actor actor, IDocumentSession session, CancellationToken ct)
    {
        var v = new Validator();
        var statusFilter = v.Enum<EnrolmentStatus>("status", status);
        if (!v.IsValid) return v.ToProblem();
        var course = await session.Events.FetchLatest<Course>(id, ct);
        if (course is null) return Problems.NotFound("course");
        if (actor.Is(Roles.Trainer, Roles.Expert) && !CourseAccess.Trains(actor, course))
            return Problems.Forbidden("Only the course's own trainers see its enrolments.");

        var query = session.Query<Enrolment>().Where(e => e.CourseId == id);
        if (actor.Is(Roles.Province)) query = query.Where(e => e.Teacher.Province == actor.Province);
        if (statusFilter is { } s) query = query.Where(e => e.Status == s);
        var (items, total) = await query.ToPageAsync(q => q.OrderBy(e => e.Arrival), page, ct);
        var ledger = await session.Events.FetchLatest<SeatLedger>(SeatLedger.IdFor(id), ct);
        return TypedResults.Ok(PagedList<EnrolmentView>.From(
            items.Select(e => EnrolmentView.From(e, ledger, e.Version)).ToList(), total, page));
    }

    private static async Task<Results<Ok<EnrolmentView>, ProblemHttpResult>> Get(
        Guid id, Actor actor, IDocumentSession session, HttpContext http, CancellationToken ct)
    {
        var (enrolment, version) = await session.ReadAsync<Enrolment>(id, ct);
        if (enrolment is null) return Problems.NotFound("enrolment");
        var course = await session.Events.FetchLatest<Course>(enrolment.CourseId, ct);
        if (course is null || !EnrolmentAccess.CanSee(actor, enrolment, course)) return Problems.NotFound("enrolment");
        var ledger = await session.Events.FetchLatest<SeatLedger>(SeatLedger.IdFor(enrolment.CourseId), ct);
        return http.OkWithETag(EnrolmentView.From(enrolment, ledger, version), version);
    }

    private static async Task<Results<Ok<EnrolmentView>, ValidationProblem, ProblemHttpResult>> Cancel(
        Guid id, CancelRequest? body, Actor actor, IfMatch ifMatch, IDocumentSession session, TimeProvider clock, HttpContext http,
        CancellationToken ct)
    {
        var v = new Validator();
        v.OptionalText("reason", body?.Reason, ReasonMax);
        if (!v.IsValid) return v.ToProblem();
        var (found, course) = await LoadAsync(session, id, ct);
        if (found is null || course is null || !EnrolmentAccess.CanSee(actor, found, course)) return Problems.NotFound("enrolment");

        // The same lock as enrolling: a freed seat and the waitlist are decided on the ledger alone.
        var outcome = await session.DecideAsync<Enrolment, SeatLedger>(id, ifMatch, SeatLedger.IdFor(found.CourseId), (enrolment, ledger) =>
        {
            var ruling = EnrolmentRules.Cancel(enrolment, ledger!, body?.Reason?.Trim(), actor, clock.GetUtcNow());
            if (ruling.Error is { } error) return error;
            var release = ruling.Value!;
            return new LedgerDecision([release.Cancelled], release.LedgerEvents,
                release.Promoted is { } next ? [(next.EnrolmentId, next)] : [], null);
        }, ct, "enrolment", "course");
        return outcome.Respond(http, e => EnrolmentView.From(e, null, outcome.Version));
    }

    private static async Task<Results<Ok<EnrolmentView>, ValidationProblem, ProblemHttpResult>> Attend(
        Guid id, AttendanceRequest body, Actor actor, IfMatch ifMatch, IDocumentSession session, TimeProvider clock,
        HttpContext http, CancellationToken ct)
    {
        var (found, course) = await LoadAsync(session, id, ct);
        if (found is null || course is null || !EnrolmentAccess.CanSee(actor, found, course)) return Problems.NotFound("enrolment");
        if (!EnrolmentAccess.Manages(actor, found, course)) return Problems.Forbidden("Attendance is kept by those who run the course.");

        var v = new Validator();
        if (v.Required("session", body.Session) && (body.Session < 0 || body.Session >= course.Sessions.Count))
            v.Add("session", $"must be a session of the course: 0 to {course.Sessions.Count - 1}.");
        v.Required("present", body.Present);
        if (!v.IsValid) return v.ToProblem();

        var now = clock.GetUtcNow();
        var outcome = await session.DecideAsync<Enrolment>(id, ifMatch,
            e => EnrolmentRules.Attend(e, course, body.Session!.Value, body.Present!.Value, actor, now), ct, "enrolment");
        return outcome.Respond(http, e => EnrolmentView.From(e, null, outcome.Version));
    }

    private static async Task<Results<Ok<EnrolmentView>, ValidationProblem, ProblemHttpResult>> Complete(
        Guid id, Actor actor, IfMatch ifMatch, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var (found, course) = await LoadAsync(session, id, ct);
        if (found is null || course is null || !EnrolmentAccess.CanSee(actor, found, course)) return Problems.NotFound("enrolment");
        if (!EnrolmentAccess.Manages(actor, found, course)) return Problems.Forbidden("Completion is recorded by those who run the course.");

        var now = clock.GetUtcNow();
        var outcome = await session.DecideAsync<Enrolment>(id, ifMatch,
            e => EnrolmentRules.Complete(e, course, CertificateCode.New(), actor, now), ct, "enrolment");
        return outcome.Respond(http, e => EnrolmentView.From(e, null, outcome.Version));
    }

    /// <summary>
    /// The enrolment as last committed (its inline snapshot) and its course, for the checks a write
    /// makes before it fetches the enrolment for writing. Not <c>FetchLatest</c>: Marten keeps an
    /// aggregate fetched that way in the session, and the later <c>FetchForWriting</c> (after waiting
    /// for the seat ledger's lock, say) would decide on that earlier copy.
    /// </summary>
    private static async Task<(Enrolment?, Course?)> LoadAsync(IDocumentSession session, Guid id, CancellationToken ct)
    {
        var enrolment = await session.LoadAsync<Enrolment>(id, ct);
        if (enrolment is null) return (null, null);
        return (enrolment, await session.Events.FetchLatest<Course>(enrolment.CourseId, ct));
    }
}
