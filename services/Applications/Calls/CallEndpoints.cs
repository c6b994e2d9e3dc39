using Kechuang.Applications.Domain;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Http;
using Kechuang.BuildingBlocks.Persistence;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kechuang.Applications.Calls;

/// <summary>申报批次: open a call (centre), read calls (anyone with a key).</summary>
public static class CallEndpoints
{
    // The limits of the requests' fields: the schemas state them (SchemaLimits.cs), the validators check them.
    private const int TitleMax = 200, CityQuotaMin = 1, CityQuotaMax = 5;

    public sealed record OpenCallRequest(
        [property: MaxChars(TitleMax)] string? Title, [property: Between(RequestJson.MinYear, RequestJson.MaxYear)] int? Year, IReadOnlyList<PilotKind>? Kinds, DateTimeOffset? OpensAt,
        DateTimeOffset? Deadline, [property: Between(CityQuotaMin, CityQuotaMax)] int? CityQuotaPerProvince);

    public sealed record CallView(
        Guid Id, string Title, int Year, IReadOnlyList<PilotKind> Kinds, DateTimeOffset OpensAt, DateTimeOffset Deadline,
        int CityQuotaPerProvince, CallStatus Status, long Version)
    {
        public static CallView From(Call c, long version, DateTimeOffset now) =>
            new(c.Id, c.Title, c.Year, c.Kinds, c.OpensAt, c.Deadline, c.CityQuotaPerProvince, c.StatusAt(now), version);
    }

    public static RouteGroupBuilder MapCalls(this RouteGroupBuilder api)
    {
        var calls = api.MapGroup("/calls").WithTags("Calls");
        calls.MapPost("/", Open).RequireRoles(Roles.Centre);
        calls.MapGet("/", List);
        calls.MapGet("/{id:guid}", Get);
        calls.MapHistory<Call>((_, _) => true);
        return api;
    }

    internal static Validator Validate(OpenCallRequest body)
    {
        var v = new Validator();
        v.Text("title", body.Title, TitleMax);
        v.Range("year", body.Year, RequestJson.MinYear, RequestJson.MaxYear);
        if (body.Kinds is null || body.Kinds.Count == 0) v.Add("kinds", "needs at least one of pilot-unit, pilot-city.");
        else if (body.Kinds.Distinct().Count() != body.Kinds.Count) v.Add("kinds", "lists a kind twice.");
        v.Required("opensAt", body.OpensAt);
        v.Required("deadline", body.Deadline);
        if (body.OpensAt is { } opens && body.Deadline is { } deadline && deadline <= opens)
            v.Add("deadline", "must be after opensAt.");
        if (body.CityQuotaPerProvince is { } quota && (quota < CityQuotaMin || quota > CityQuotaMax))
            v.Add("cityQuotaPerProvince",
                $"must be between {CityQuotaMin} and {CityQuotaMax} (each province recommends at most {CityQuotaMax} cities).");
        return v;
    }

    private static async Task<Results<Created<CallView>, ValidationProblem, ProblemHttpResult>> Open(
        OpenCallRequest body, Actor actor, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var v = Validate(body);
        if (!v.IsValid) return v.ToProblem();
        var id = Guid.NewGuid();
        var now = clock.GetUtcNow();
        var opened = new CallOpened(id, body.Title!.Trim(), body.Year!.Value, body.Kinds!, body.OpensAt!.Value,
            body.Deadline!.Value, body.CityQuotaPerProvince ?? 5, actor, now);
        var outcome = await session.StartAsync<Call>(id, [opened], ct);
        return outcome.RespondCreated(http, $"/api/v1/calls/{id}", c => CallView.From(c, outcome.Version, now));
    }

    private static async Task<Ok<PagedList<CallView>>> List(
        PageRequest page, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var query = session.Query<Call>().OrderByDescending(c => c.OpensAt);
        return TypedResults.Ok(await query.ToPagedListAsync(q => q, c => CallView.From(c, c.Version, now), page, ct));
    }

    private static Task<Results<Ok<CallView>, ProblemHttpResult>> Get(
        Guid id, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        session.ReadViewAsync<Call, CallView>(id, http, "call", _ => true, (call, version) => CallView.From(call, version, clock.GetUtcNow()), ct);
}
