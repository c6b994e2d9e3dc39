using Kechuang.BuildingBlocks.Http;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kechuang.Training.ReadModels;

/// <summary>教师培训资源专家库: the trainer pool, kept from the Experts service's vetting events.</summary>
public static class TrainerEndpoints
{
    public sealed record TrainerView(
        Guid ExpertId, string Name, string Affiliation, IReadOnlyList<string> Topics, IReadOnlyList<string> Provinces,
        DateTimeOffset VettedAt)
    {
        public static TrainerView From(Trainer t) => new(t.Id, t.Name, t.Affiliation, t.Topics, t.Provinces, t.VettedAt);
    }

    public static RouteGroupBuilder MapTrainers(this RouteGroupBuilder api)
    {
        var trainers = api.MapGroup("/trainers").WithTags("Trainers");
        trainers.MapGet("/", List).WithSummary("Vetted experts flagged as trainers: the only experts a course can name.");
        trainers.MapGet("/{id:guid}", Get);
        return api;
    }

    private static async Task<Results<Ok<PagedList<TrainerView>>, ValidationProblem>> List(
        PageRequest page, string? topic, string? province, IDocumentSession session, CancellationToken ct)
    {
        var v = new Validator();
        if (topic is not null) v.Topic("topic", topic);
        if (province is not null) v.Province("province", province);
        if (!v.IsValid) return v.ToProblem();

        var query = session.Query<Trainer>().Where(t => t.InPool);
        if (topic is not null) query = query.Where(t => t.Topics.Contains(topic));
        if (province is not null) query = query.Where(t => t.Provinces.Contains(province));
        return TypedResults.Ok(await query.ToPagedListAsync(q => q.OrderBy(t => t.Name).ThenBy(t => t.Id), TrainerView.From, page, ct));
    }

    private static async Task<Results<Ok<TrainerView>, ProblemHttpResult>> Get(Guid id, IDocumentSession session, CancellationToken ct)
    {
        var trainer = await session.LoadAsync<Trainer>(id, ct);
        return trainer is { InPool: true } ? TypedResults.Ok(TrainerView.From(trainer)) : Problems.NotFound("trainer");
    }
}
