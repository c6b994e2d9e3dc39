using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Http;
using Kechuang.BuildingBlocks.Persistence;
using Kechuang.Outreach.Domain;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kechuang.Outreach.Stations;

/// <summary>乡村科教服务站: set one up (centre, or a province in its own province), read and list them.</summary>
public static class StationEndpoints
{
    // The limits of the requests' fields: the schemas state them (SchemaLimits.cs), the validators check them.
    private const int NameMax = 100, PlaceMax = 50, AddressMax = 200, HostOrganizationMax = 100;

    public sealed record EstablishStationRequest(
        [property: MaxChars(NameMax)] string? Name, [property: InVocabulary(VocabularyKind.Province)] string? Province,
        [property: MaxChars(PlaceMax)] string? City, [property: MaxChars(PlaceMax)] string? County,
        [property: MaxChars(AddressMax)] string? Address, [property: MaxChars(HostOrganizationMax)] string? HostOrganization);

    public sealed record StationView(
        Guid Id, string Name, string Province, string City, string County, string Address, string HostOrganization,
        string Status, DateTimeOffset EstablishedAt, long Version)
    {
        public static StationView From(Station s, long version) =>
            new(s.Id, s.Name, s.Province, s.City, s.County, s.Address, s.HostOrganization, "active", s.EstablishedAt, version);
    }

    public static RouteGroupBuilder MapStations(this RouteGroupBuilder api)
    {
        var stations = api.MapGroup("/stations").WithTags("Stations");
        stations.MapPost("/", Establish).RequireRoles(Roles.Centre, Roles.Province);
        stations.MapGet("/", List);
        stations.MapGet("/{id:guid}", Get);
        stations.MapHistory<Station>((s, actor) => actor.CoversProvince(s.Province));
        return api;
    }

    internal static Validator Validate(EstablishStationRequest body)
    {
        var v = new Validator();
        v.Text("name", body.Name, NameMax);
        v.Province("province", body.Province);
        v.Text("city", body.City, PlaceMax);
        v.Text("county", body.County, PlaceMax);
        v.Text("address", body.Address, AddressMax);
        v.Text("hostOrganization", body.HostOrganization, HostOrganizationMax);
        return v;
    }

    private static async Task<Results<Created<StationView>, ValidationProblem, ProblemHttpResult>> Establish(
        EstablishStationRequest body, Actor actor, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var v = Validate(body);
        if (!v.IsValid) return v.ToProblem();
        if (!actor.CoversProvince(body.Province)) return Problems.Forbidden("A province sets up stations in its own province only.");

        var id = Guid.NewGuid();
        var established = new StationEstablished(id, body.Name!.Trim(), body.Province!, body.City!.Trim(), body.County!.Trim(),
            body.Address!.Trim(), body.HostOrganization!.Trim(), actor, clock.GetUtcNow());
        var outcome = await session.StartAsync<Station>(id, [established], ct);
        return outcome.RespondCreated(http, $"/api/v1/stations/{id}", s => StationView.From(s, outcome.Version));
    }

    private static async Task<Results<Ok<PagedList<StationView>>, ValidationProblem>> List(
        string? province, string? city, string? county, PageRequest page, Actor actor, IDocumentSession session, CancellationToken ct)
    {
        var v = new Validator();
        var provinceFilter = v.ProvinceFilter("province", province);
        if (!v.IsValid) return v.ToProblem();

        IQueryable<Station> query = session.Query<Station>();
        if (provinceFilter is not null) query = query.Where(s => s.Province == provinceFilter);
        query = query.HeldTo(actor, s => s.Province);
        if (city?.Trim() is { Length: > 0 } c) query = query.Where(s => s.City == c);
        if (county?.Trim() is { Length: > 0 } k) query = query.Where(s => s.County == k);
        return TypedResults.Ok(await query.ToPagedListAsync(
            q => q.OrderBy(s => s.Province).ThenBy(s => s.City).ThenBy(s => s.County).ThenBy(s => s.Name),
            s => StationView.From(s, s.Version), page, ct));
    }

    private static Task<Results<Ok<StationView>, ProblemHttpResult>> Get(
        Guid id, Actor actor, IDocumentSession session, HttpContext http, CancellationToken ct) =>
        session.ReadViewAsync<Station, StationView>(id, http, "station", station => actor.CoversProvince(station.Province),
            (station, version) => StationView.From(station, version), ct);
}
