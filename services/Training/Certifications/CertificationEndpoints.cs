using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Http;
using Kechuang.BuildingBlocks.Persistence;
using Kechuang.Training.Domain;
using Kechuang.Training.ReadModels;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kechuang.Training.Certifications;

/// <summary>
/// 科技辅导教师专业水平认证: a candidate applies for a level, assessors score the parts the level
/// requires, the national centre certifies (a certificate) or refuses.
/// </summary>
public static class CertificationEndpoints
{
    // The limits of the requests' fields: the schemas state them (SchemaLimits.cs), the validators check them.
    private const int NameMax = 50, OrganizationMax = 200, ScoreMin = 0, ScoreMax = 100, CommentMax = 500;

    public sealed record CandidateRequest(
        [property: MaxChars(NameMax)] string? Name, [property: MaxChars(OrganizationMax)] string? Organization,
        [property: InVocabulary(VocabularyKind.Province)] string? Province, [property: Matches(Vocabulary.PhoneShape)] string? Phone, [property: MaxChars(Vocabulary.EmailMax)] string? Email);

    public sealed record RequestCertificationRequest(CandidateRequest? Candidate, CertificationLevel? Level);

    public sealed record AssessmentRequest(AssessmentPart? Part, [property: Between(ScoreMin, ScoreMax)] int? Score);

    public sealed record DecisionRequest(CertificationDecision? Decision, [property: MaxChars(CommentMax)] string? Comment);

    public sealed record AssignAssessorsRequest([property: MaxItems(MaxAssessors)] IReadOnlyList<Guid>? ExpertIds);

    /// <summary>The candidate as the caller may see them: phone and e-mail only for those <see cref="ShowsContacts"/> allows.</summary>
    public sealed record CandidateView(string Name, string Organization, string Province, string? Phone, string? Email);

    public sealed record CertificationView(
        Guid Id, CandidateView Candidate, CertificationLevel Level, CertificationStatus Status, IReadOnlyList<AssessmentPart> RequiredParts,
        IReadOnlyList<PartScore> Scores, int PassMark, string? CertificateCode, string? Comment, DateTimeOffset RequestedAt,
        DateTimeOffset? DecidedAt, long Version, IReadOnlyList<Guid> AssessorIds)
    {
        public static CertificationView From(Certification c, long version, Actor viewer)
        {
            var contacts = ShowsContacts(c, viewer);
            var candidate = new CandidateView(c.Candidate.Name, c.Candidate.Organization, c.Candidate.Province,
                contacts ? c.Candidate.Phone : null, contacts ? c.Candidate.Email : null);
            return new(c.Id, candidate, c.Level, c.Status, CertificationRules.RequiredParts(c.Level), c.Scores, CertificationRules.PassMark,
                c.CertificateCode, c.Comment, c.RequestedAt, c.DecidedAt, version, c.AssessorIds);
        }
    }

    public const int MaxAssessors = 20;

    private static readonly string[] Applicants = [Roles.Centre, Roles.Province, Roles.Unit, Roles.School];
    private static readonly string[] Assessors = [Roles.Centre, Roles.Trainer, Roles.Expert];

    public static RouteGroupBuilder MapCertifications(this RouteGroupBuilder api)
    {
        var certifications = api.MapGroup("/certifications").WithTags("Tutor certification");
        certifications.MapPost("/", Request).RequireRoles(Applicants);
        certifications.MapGet("/", List).RequireRoles([.. Applicants, .. Assessors])
            .WithSummary("Certifications the caller may see, newest first; ?status=assessing is the queue awaiting assessment or decision.");
        certifications.MapGet("/{id:guid}", Get).RequireRoles([.. Applicants, .. Assessors]);
        certifications.MapPost("/{id:guid}/assessors", AssignAssessors).RequireRoles(Roles.Centre, Roles.Province)
            .WithSummary("Assigns the experts who assess the candidate (expert ids; the list replaces the earlier one): the centre or the candidate's province.");
        certifications.MapPost("/{id:guid}/assessments", Assess).RequireRoles(Roles.Trainer, Roles.Expert)
            .WithSummary("An assigned assessor scores one part (0-100); primary and intermediate: written and portfolio; senior: also defence.");
        certifications.MapPost("/{id:guid}/decision", Decide).RequireRoles(Roles.Centre)
            .WithSummary("Certify (every required part at least 60) or refuse; certifying issues a certificate.");
        // The history carries the candidate as requested, contact details included.
        certifications.MapHistory<Certification>(ShowsContacts).RequireRoles([.. Applicants, .. Assessors]);
        return api;
    }

    /// <summary>A candidate's phone and e-mail: for the centre, the candidate's province and the assigned assessors.</summary>
    internal static bool ShowsContacts(Certification c, Actor actor) =>
        actor.Is(Roles.Admin, Roles.Centre)
        || (actor.Is(Roles.Province) && actor.CoversProvince(c.Candidate.Province))
        || c.AssessedBy(actor);

    /// <summary>
    /// Experts, trainers and the centre see every candidate (contact details aside, see
    /// <see cref="ShowsContacts"/>); a province its own; a unit or school those it put forward.
    /// </summary>
    internal static bool CanSee(Certification c, Actor actor) =>
        actor.IsNational
        || actor.Is(Roles.Trainer, Roles.Expert)
        || (actor.Is(Roles.Province) && actor.CoversProvince(c.Candidate.Province))
        || c.RequestedBy.Id == actor.Id
        || (actor.OrganizationId is { } org && c.RequestedBy.OrganizationId == org);

    internal static Validator Validate(RequestCertificationRequest body)
    {
        var v = new Validator();
        v.Required("level", body.Level);
        if (!v.Required("candidate", body.Candidate)) return v;
        var c = body.Candidate!;
        v.Text("candidate.name", c.Name, NameMax);
        v.Text("candidate.organization", c.Organization, OrganizationMax);
        v.Province("candidate.province", c.Province);
        v.Phone("candidate.phone", c.Phone?.Trim());
        v.Email("candidate.email", c.Email?.Trim());
        return v;
    }

    private static async Task<Results<Created<CertificationView>, ValidationProblem, ProblemHttpResult>> Request(
        RequestCertificationRequest body, Actor actor, IDocumentSession session, TimeProvider clock, HttpContext http,
        CancellationToken ct)
    {
        var v = Validate(body);
        if (!v.IsValid) return v.ToProblem();
        var c = body.Candidate!;
        if (!actor.CoversProvince(c.Province)) return Problems.Forbidden("A province puts forward candidates of its own province only.");
        var id = Guid.NewGuid();
        var requested = new CertificationRequested(id,
            new Candidate(c.Name!.Trim(), c.Organization!.Trim(), c.Province!, c.Phone!.Trim(), c.Email!.Trim()),
            body.Level!.Value, actor, clock.GetUtcNow());
        var outcome = await session.StartAsync<Certification>(id, [requested], ct);
        return outcome.RespondCreated(http, $"/api/v1/certifications/{id}", x => CertificationView.From(x, outcome.Version, actor));
    }

    private static async Task<Results<Ok<PagedList<CertificationView>>, ValidationProblem>> List(
        string? status, string? level, string? province, PageRequest page, Actor actor,
        IDocumentSession session, CancellationToken ct)
    {
        var v = new Validator();
        var statusFilter = v.Enum<CertificationStatus>("status", status);
        var levelFilter = v.Enum<CertificationLevel>("level", level);
        if (!string.IsNullOrEmpty(province)) v.Province("province", province);
        if (!v.IsValid) return v.ToProblem();
        IQueryable<Certification> query = session.Query<Certification>();
        if (actor.Is(Roles.Province)) query = query.Where(c => c.Candidate.Province == actor.Province);
        else if (!actor.IsNational && !actor.Is(Roles.Trainer, Roles.Expert))
        {
            var organization = actor.OrganizationId;
            query = organization is { } org
                ? query.Where(c => c.RequestedBy.Id == actor.Id || c.RequestedBy.OrganizationId == org)
                : query.Where(c => c.RequestedBy.Id == actor.Id);
        }
        if (statusFilter is { } s) query = query.Where(c => c.Status == s);
        if (levelFilter is { } l) query = query.Where(c => c.Level == l);
        if (!string.IsNullOrWhiteSpace(province)) query = query.Where(c => c.Candidate.Province == province);
        return TypedResults.Ok(await query.ToPagedListAsync(
            q => q.OrderByDescending(c => c.RequestedAt),
            c => CertificationView.From(c, c.Version, actor), page, ct));
    }

    private static Task<Results<Ok<CertificationView>, ProblemHttpResult>> Get(
        Guid id, Actor actor, IDocumentSession session, HttpContext http, CancellationToken ct) =>
        session.ReadViewAsync<Certification, CertificationView>(id, http, "certification", certification => CanSee(certification, actor),
            (certification, version) => CertificationView.From(certification, version, actor), ct);

    internal static Validator Validate(AssignAssessorsRequest body)
    {
        var v = new Validator();
        if (body.ExpertIds is not { } ids || ids.Count == 0) v.Add("expertIds", "needs at least one expert id.");
        else
        {
            if (ids.Count > MaxAssessors) v.Add("expertIds", $"lists at most {MaxAssessors} assessors.");
            if (ids.Distinct().Count() != ids.Count) v.Add("expertIds", "lists an expert twice.");
            if (ids.Contains(Guid.Empty)) v.Add("expertIds", "holds an empty id, which names no expert.");
        }
        return v;
    }

    /// <summary>Runs <paramref name="rule"/> on a certification the caller may see; any other is not there for it.</summary>
    private static Func<Certification, Decision> Visible(Actor actor, Func<Certification, Decision> rule) =>
        c => CanSee(c, actor) ? rule(c) : DomainError.NotFound("certification");

    private static async Task<Results<Ok<CertificationView>, ValidationProblem, ProblemHttpResult>> AssignAssessors(
        Guid id, AssignAssessorsRequest body, Actor actor, IfMatch ifMatch, IDocumentSession session, TimeProvider clock,
        HttpContext http, CancellationToken ct)
    {
        var v = Validate(body);
        if (!v.IsValid) return v.ToProblem();
        var now = clock.GetUtcNow();
        var outcome = await session.DecideAsync<Certification>(id, ifMatch,
            Visible(actor, c => CertificationRules.AssignAssessors(c, body.ExpertIds!, actor, now)), ct, "certification");
        return outcome.Respond(http, c => CertificationView.From(c, outcome.Version, actor));
    }

    private static async Task<Results<Ok<CertificationView>, ValidationProblem, ProblemHttpResult>> Assess(
        Guid id, AssessmentRequest body, Actor actor, IfMatch ifMatch, IDocumentSession session, TimeProvider clock,
        HttpContext http, CancellationToken ct)
    {
        var v = new Validator();
        v.Required("part", body.Part);
        v.Range("score", body.Score, ScoreMin, ScoreMax);
        if (!v.IsValid) return v.ToProblem();
        var now = clock.GetUtcNow();
        var outcome = await session.DecideAsync<Certification>(id, ifMatch,
            Visible(actor, c => CertificationRules.Assess(c, body.Part!.Value, body.Score!.Value, actor, now)), ct, "certification");
        return outcome.Respond(http, c => CertificationView.From(c, outcome.Version, actor));
    }

    private static async Task<Results<Ok<CertificationView>, ValidationProblem, ProblemHttpResult>> Decide(
        Guid id, DecisionRequest body, Actor actor, IfMatch ifMatch, IDocumentSession session, TimeProvider clock,
        HttpContext http, CancellationToken ct)
    {
        var v = new Validator();
        v.Required("decision", body.Decision);
        v.OptionalText("comment", body.Comment, CommentMax);
        if (!v.IsValid) return v.ToProblem();
        var now = clock.GetUtcNow();
        var outcome = await session.DecideAsync<Certification>(id, ifMatch,
            c => CertificationRules.Decide(c, body.Decision!.Value, body.Comment?.Trim(), CertificateCode.New(), actor, now),
            ct, "certification");
        return outcome.Respond(http, c => CertificationView.From(c, outcome.Version, actor));
    }
}
