using System.Text.Json.Serialization;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Http;
using Kechuang.BuildingBlocks.Persistence;
using Kechuang.BuildingBlocks.Text;
using Kechuang.Experts.Domain;
using Kechuang.Experts.Schedules;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kechuang.Experts.Experts;

/// <summary>The expert pool (专家库): register, vet, availability, search, one expert's record.</summary>
public static class ExpertEndpoints
{
    // The limits of the requests' fields: the schemas state them (SchemaLimits.cs), the validators check them.
    private const int NameMax = 50, AffiliationMax = 100, TitleMax = 50, DisciplinesMax = 20, DisciplineMax = 50,
        BioMax = 2000, VisitsPerMonthMin = 1, VisitsPerMonthMax = 31, VetCommentMax = 500, SlotsMax = 200;

    public sealed record RegisterExpertRequest(
        [property: MaxChars(NameMax)] string? Name, [property: MaxChars(AffiliationMax)] string? Affiliation,
        [property: MaxChars(TitleMax)] string? Title, ExpertCategory? Category,
        [property: MaxItems(DisciplinesMax), ItemMaxChars(DisciplineMax)] IReadOnlyList<string>? Disciplines,
        [property: InVocabulary(VocabularyKind.Topic)] IReadOnlyList<string>? Topics,
        [property: InVocabulary(VocabularyKind.Province)] IReadOnlyList<string>? Provinces,
        [property: Matches(Vocabulary.PhoneShape)] string? Phone, [property: MaxChars(Vocabulary.EmailMax)] string? Email, [property: MaxChars(BioMax)] string? Bio,
        [property: Between(VisitsPerMonthMin, VisitsPerMonthMax)] int? MaxVisitsPerMonth, bool? Trainer);

    public sealed record VetRequest(VettingDecision? Decision, [property: MaxChars(VetCommentMax)] string? Comment);

    public sealed record AvailabilityRequest([property: MaxItems(SlotsMax)] IReadOnlyList<SlotRequest?>? Slots);

    /// <summary>One expert. <c>phone</c> and <c>email</c> appear only for the centre, provinces and the expert.</summary>
    public sealed record ExpertView(
        Guid Id, string Name, string Affiliation, string Title, ExpertCategory Category, IReadOnlyList<string> Disciplines,
        IReadOnlyList<string> Topics, IReadOnlyList<string> Provinces,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Phone,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Email,
        string? Bio, int MaxVisitsPerMonth, bool Trainer, ExpertStatus Status, Vetting? Vetting,
        IReadOnlyList<TimeSlot> Availability, DateTimeOffset RegisteredAt, long Version)
    {
        public static ExpertView From(Expert e, long version, Actor actor)
        {
            var contact = ExpertAccess.SeesContact(e.Id, actor);
            return new(e.Id, e.Name, e.Affiliation, e.Title, e.Category, e.Disciplines, e.Topics, e.Provinces,
                contact ? e.Phone : null, contact ? e.Email : null, e.Bio, e.MaxVisitsPerMonth, e.Trainer, e.Status,
                e.Vetting, e.Availability, e.RegisteredAt, version);
        }
    }

    /// <summary>An expert in a list: the profile without contact details.</summary>
    public sealed record ExpertSummary(
        Guid Id, string Name, string Affiliation, string Title, ExpertCategory Category, IReadOnlyList<string> Disciplines,
        IReadOnlyList<string> Topics, IReadOnlyList<string> Provinces, int MaxVisitsPerMonth, bool Trainer,
        ExpertStatus Status, DateTimeOffset RegisteredAt)
    {
        public static ExpertSummary From(Expert e) =>
            new(e.Id, e.Name, e.Affiliation, e.Title, e.Category, e.Disciplines, e.Topics, e.Provinces,
                e.MaxVisitsPerMonth, e.Trainer, e.Status, e.RegisteredAt);
    }

    public static RouteGroupBuilder MapExperts(this RouteGroupBuilder api)
    {
        var experts = api.MapGroup("/experts").WithTags("Experts");
        experts.MapPost("/", Register).RequireRoles(Roles.Centre, Roles.Province, Roles.Unit, Roles.Expert)
            .WithSummary("Register an expert in the pool (大手拉小手); the expert awaits vetting.");
        experts.MapPost("/{id:guid}/vetting", Vet).RequireRoles(Roles.Centre, Roles.Province)
            .WithSummary("Approve or reject an expert (the centre, or a province the expert serves).");
        experts.MapPut("/{id:guid}/availability", SetAvailability).RequireRoles(Roles.Centre, Roles.Province, Roles.Expert)
            .WithSummary("Replace the expert's availability slots.");
        experts.MapGet("/", List).WithSummary("Search the pool by topic, province, status, trainer flag and name/affiliation text.");
        experts.MapGet("/{id:guid}", Get).WithSummary("One expert; phone and e-mail for the centre, provinces and the expert.");
        experts.MapHistory<Expert>((e, actor) => ExpertAccess.Sees(e, actor) && ExpertAccess.SeesContact(e.Id, actor));
        return experts;
    }

    internal static Validator Validate(RegisterExpertRequest body)
    {
        var v = new Validator();
        v.Text("name", body.Name, NameMax);
        v.Text("affiliation", body.Affiliation, AffiliationMax);
        v.Text("title", body.Title, TitleMax);
        if (body.Disciplines is null || body.Disciplines.Count == 0) v.Add("disciplines", "needs at least one discipline.");
        else if (body.Disciplines.Count > DisciplinesMax) v.Add("disciplines", $"has at most {DisciplinesMax} disciplines.");
        else
            for (var i = 0; i < body.Disciplines.Count; i++) v.Text($"disciplines[{i}]", body.Disciplines[i], DisciplineMax);
        v.Topics("topics", body.Topics);
        v.Provinces("provinces", body.Provinces);
        v.Phone("phone", body.Phone);
        v.Email("email", body.Email);
        v.OptionalText("bio", body.Bio, BioMax);
        v.Range("maxVisitsPerMonth", body.MaxVisitsPerMonth, VisitsPerMonthMin, VisitsPerMonthMax);
        return v;
    }

    private static async Task<Results<Created<ExpertView>, ValidationProblem, ProblemHttpResult>> Register(
        RegisterExpertRequest body, Actor actor, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var v = Validate(body);
        if (!v.IsValid) return v.ToProblem();
        var id = Guid.NewGuid();
        var now = clock.GetUtcNow();
        var registered = new ExpertRegistered(id, body.Name!.Trim(), body.Affiliation!.Trim(), body.Title!.Trim(),
            body.Category ?? ExpertCategory.Other, Distinct(body.Disciplines!.Select(d => d.Trim())), Distinct(body.Topics!),
            Distinct(body.Provinces!), body.Phone!, body.Email!.Trim(), body.Bio?.Trim(), body.MaxVisitsPerMonth!.Value,
            body.Trainer ?? false, actor, now);
        var scheduleId = ExpertSchedule.StreamIdFor(id);
        session.Events.StartStream<ExpertSchedule>(scheduleId, new ScheduleOpened(scheduleId, id, actor, now));
        var outcome = await session.StartAsync<Expert>(id, [registered], ct);
        return outcome.RespondCreated(http, $"/api/v1/experts/{id}", e => ExpertView.From(e, outcome.Version, actor));
    }

    private static async Task<Results<Ok<ExpertView>, ValidationProblem, ProblemHttpResult>> Vet(
        Guid id, VetRequest body, Actor actor, IfMatch ifMatch, IDocumentSession session, TimeProvider clock, HttpContext http,
        CancellationToken ct)
    {
        var v = new Validator();
        v.Required("decision", body.Decision);
        v.OptionalText("comment", body.Comment, VetCommentMax);
        if (!v.IsValid) return v.ToProblem();
        var outcome = await session.DecideAsync<Expert>(id, ifMatch,
            e => ExpertRules.Vet(e, body.Decision!.Value, body.Comment?.Trim(), clock.GetUtcNow(), actor), ct, "expert");
        return outcome.Respond(http, e => ExpertView.From(e, outcome.Version, actor));
    }

    private static async Task<Results<Ok<ExpertView>, ValidationProblem, ProblemHttpResult>> SetAvailability(
        Guid id, AvailabilityRequest body, Actor actor, IfMatch ifMatch, IDocumentSession session, TimeProvider clock,
        HttpContext http, CancellationToken ct)
    {
        var v = new Validator();
        if (body.Slots is null) v.Add("slots", "is required (an empty list clears the availability).");
        var slots = Slots.Validate(v, "slots", body.Slots, max: SlotsMax, atLeastOne: false, disjoint: true);
        if (!v.IsValid) return v.ToProblem();
        var outcome = await session.DecideAsync<Expert>(id, ifMatch,
            e => ExpertRules.SetAvailability(e, slots, clock.GetUtcNow(), actor), ct, "expert");
        return outcome.Respond(http, e => ExpertView.From(e, outcome.Version, actor));
    }

    private static async Task<Results<Ok<PagedList<ExpertSummary>>, ValidationProblem>> List(
        string? topic, string? province, string? status, string? q, string? trainer, PageRequest page,
        Actor actor, IDocumentSession session, CancellationToken ct)
    {
        var v = new Validator();
        if (topic is not null) v.Topic("topic", topic);
        if (province is not null) v.Province("province", province);
        var statusFilter = v.Enum<ExpertStatus>("status", status);
        var trainerFilter = v.Boolean("trainer", trainer);
        var text = q?.Trim();
        v.OptionalText("q", text, 50);
        if (!v.IsValid) return v.ToProblem();

        IQueryable<Expert> query = session.Query<Expert>();
        if (actor.HeldToProvince)
        {
            // ExpertAccess.Sees as a query: the experts serving the actor's province, and its own record.
            var own = actor.Province ?? "";
            var self = actor.ExpertId ?? Guid.Empty;
            query = query.Where(e => e.Provinces.Contains(own) || e.Id == self);
        }
        if (topic is not null) query = query.Where(e => e.Topics.Contains(topic));
        if (province is not null) query = query.Where(e => e.Provinces.Contains(province));
        if (statusFilter is { } s) query = query.Where(e => e.Status == s);
        if (trainerFilter is { } t) query = query.Where(e => e.Trainer == t);
        if (!string.IsNullOrEmpty(text)) query = query.WhereTextContains(text);

        return TypedResults.Ok(await query.ToPagedListAsync(
            q => q.OrderByDescending(e => e.RegisteredAt).ThenBy(e => e.Id),
            ExpertSummary.From, page, ct));
    }

    private static Task<Results<Ok<ExpertView>, ProblemHttpResult>> Get(
        Guid id, Actor actor, IDocumentSession session, HttpContext http, CancellationToken ct) =>
        session.ReadViewAsync<Expert, ExpertView>(id, http, "expert", expert => ExpertAccess.Sees(expert, actor),
            (expert, version) => ExpertView.From(expert, version, actor), ct);

    private static IReadOnlyList<string> Distinct(IEnumerable<string> values) => values.Distinct(StringComparer.Ordinal).ToList();
}
