using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Http;
using Kechuang.BuildingBlocks.Persistence;
using Kechuang.Training.Domain;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kechuang.Training.TrainingBases;

/// <summary>培训实践基地: register a base (centre, or a province in its own province); read bases.</summary>
public static class TrainingBaseEndpoints
{
    // The limits of the requests' fields: the schemas state them (SchemaLimits.cs), the validators check them.
    private const int NameMax = 200, CityMax = 50, AddressMax = 300;

    public sealed record RegisterBaseRequest(
        [property: MaxChars(NameMax)] string? Name, BaseKind? Kind, [property: InVocabulary(VocabularyKind.Province)] string? Province,
        [property: MaxChars(CityMax)] string? City, [property: MaxChars(AddressMax)] string? Address);

    public sealed record TrainingBaseView(
        Guid Id, string Name, BaseKind Kind, string Province, string City, string Address, string Status,
        DateTimeOffset RegisteredAt, long Version)
    {
        public static TrainingBaseView From(TrainingBase b, long version) =>
            new(b.Id, b.Name, b.Kind, b.Province, b.City, b.Address, "active", b.RegisteredAt, version);
    }

    public static RouteGroupBuilder MapTrainingBases(this RouteGroupBuilder api)
    {
        var bases = api.MapGroup("/training-bases").WithTags("Training bases");
        bases.MapPost("/", Register).RequireRoles(Roles.Centre, Roles.Province);
        bases.MapGet("/", List);
        bases.MapGet("/{id:guid}", Get);
        bases.MapHistory<TrainingBase>((_, _) => true);
        return api;
    }

    internal static Validator Validate(RegisterBaseRequest body)
    {
        var v = new Validator();
        v.Text("name", body.Name, NameMax);
        v.Required("kind", body.Kind);
        v.Province("province", body.Province);
        v.Text("city", body.City, CityMax);
        v.Text("address", body.Address, AddressMax);
        return v;
    }

    private static async Task<Results<Created<TrainingBaseView>, ValidationProblem, ProblemHttpResult>> Register(
        RegisterBaseRequest body, Actor actor, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var v = Validate(body);
        if (!v.IsValid) return v.ToProblem();
        if (!actor.CoversProvince(body.Province)) return Problems.Forbidden("A province registers bases in its own province only.");
        var id = Guid.NewGuid();
        var registered = new TrainingBaseRegistered(id, body.Name!.Trim(), body.Kind!.Value, body.Province!, body.City!.Trim(),
            body.Address!.Trim(), actor, clock.GetUtcNow());
        var outcome = await session.StartAsync<TrainingBase>(id, [registered], ct);
        return outcome.RespondCreated(http, $"/api/v1/training-bases/{id}", b => TrainingBaseView.From(b, outcome.Version));
    }

    private static async Task<Results<Ok<PagedList<TrainingBaseView>>, ValidationProblem>> List(
        PageRequest page, string? province, string? kind, IDocumentSession session, CancellationToken ct)
    {
        var v = new Validator();
        var kindFilter = v.Enum<BaseKind>("kind", kind);
        if (province is not null) v.Province("province", province);
        if (!v.IsValid) return v.ToProblem();

        var query = session.Query<TrainingBase>().AsQueryable();
        if (province is not null) query = query.Where(b => b.Province == province);
        if (kindFilter is { } k) query = query.Where(b => b.Kind == k);
        return TypedResults.Ok(await query.ToPagedListAsync(q => q.OrderBy(b => b.Name), b => TrainingBaseView.From(b, b.Version), page, ct));
    }

    private static Task<Results<Ok<TrainingBaseView>, ProblemHttpResult>> Get(
        Guid id, IDocumentSession session, HttpContext http, CancellationToken ct) =>
        session.ReadViewAsync<TrainingBase, TrainingBaseView>(id, http, "training base", _ => true,
            (found, version) => TrainingBaseView.From(found, version), ct);
}
