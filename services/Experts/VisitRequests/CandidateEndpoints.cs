using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Http;
using Kechuang.Experts.Domain;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kechuang.Experts.VisitRequests;

/// <summary><c>GET /visit-requests/{id}/candidates</c>: approved experts ranked for a request, best first.</summary>
public static class CandidateEndpoints
{
    public sealed record CandidateView(
        Guid ExpertId, string Name, string Affiliation, int Score, IReadOnlyList<string> Reasons, TimeSlot? SuggestedSlot,
        int UpcomingVisits);

    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    public static RouteGroupBuilder MapCandidates(this RouteGroupBuilder visits)
    {
        visits.MapGet("/{id:guid}/candidates", Candidates).RequireRoles(Roles.Centre, Roles.Province)
            .WithSummary("Approved experts who fit the topic or serve the school's province, ranked by topic, region, " +
                "a free slot in the preferred windows and current load, each with the reasons for its score.");
        return visits;
    }

    private static async Task<Results<Ok<IReadOnlyList<CandidateView>>, ValidationProblem, ProblemHttpResult>> Candidates(
        Guid id, int? limit, Actor actor, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        if (limit is { } l && (l < 1 || l > MaxLimit)) return Problems.Field("limit", $"must be from 1 to {MaxLimit}.");
        var visit = await session.LoadAsync<VisitRequest>(id, ct);
        if (visit is null || !VisitAccess.CanSee(visit, actor)) return Problems.NotFound("visit request");

        var topic = visit.Topic;
        var province = visit.School.Province;
        var experts = await session.Query<Expert>()
            .Where(e => e.Status == ExpertStatus.Approved && (e.Topics.Contains(topic) || e.Provinces.Contains(province)))
            .ToListAsync(ct);
        var schedules = (await session.LoadManyAsync<ExpertSchedule>(ct, experts.Select(e => ExpertSchedule.StreamIdFor(e.Id))))
            .ToDictionary(s => s.ExpertId);
        var ranked = CandidateRanking.Rank(visit,
            experts.Select(e => (e, schedules.GetValueOrDefault(e.Id) ?? new ExpertSchedule(ExpertSchedule.StreamIdFor(e.Id), e.Id, []))),
            clock.GetUtcNow());
        return TypedResults.Ok<IReadOnlyList<CandidateView>>(ranked.Take(limit ?? DefaultLimit)
            .Select(c => new CandidateView(c.ExpertId, c.Name, c.Affiliation, c.Score, c.Reasons, c.SuggestedSlot, c.UpcomingVisits))
            .ToList());
    }
}
