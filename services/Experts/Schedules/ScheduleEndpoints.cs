using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Http;
using Kechuang.Experts.Domain;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kechuang.Experts.Schedules;

/// <summary>An expert's calendar (availability and booked visits) and logged service hours.</summary>
public static class ScheduleEndpoints
{
    /// <summary>A visit the expert holds or gave. The school is shown to staff and the expert only.</summary>
    public sealed record ScheduledVisit(
        Guid VisitRequestId, VisitStatus Status, DateTimeOffset Start, DateTimeOffset End, VisitKind? Kind, string? Topic,
        School? School);

    public sealed record ScheduleView(Guid ExpertId, IReadOnlyList<TimeSlot> Availability, IReadOnlyList<ScheduledVisit> Visits);

    /// <summary>Volunteer service hours: delivered visits and their minutes.</summary>
    public sealed record HoursView(Guid ExpertId, int Visits, int Minutes, double Hours);

    public static RouteGroupBuilder MapSchedule(this RouteGroupBuilder experts)
    {
        experts.MapGet("/{id:guid}/schedule", GetSchedule)
            .WithSummary("The expert's availability and the visits proposed, confirmed or delivered, in time order.");
        experts.MapGet("/{id:guid}/hours", GetHours).WithSummary("Hours logged: delivered visits and their minutes.");
        return experts;
    }

    private static async Task<Results<Ok<ScheduleView>, ProblemHttpResult>> GetSchedule(
        Guid id, Actor actor, IDocumentSession session, CancellationToken ct)
    {
        var expert = await session.LoadAsync<Expert>(id, ct);
        if (expert is null || !ExpertAccess.Sees(expert, actor)) return Problems.NotFound("expert");
        var visits = await session.Query<VisitRequest>()
            .Where(v => v.ExpertId == id
                && (v.Status == VisitStatus.Proposed || v.Status == VisitStatus.Confirmed || v.Status == VisitStatus.Delivered))
            .ToListAsync(ct);
        var scheduled = visits
            .Where(v => v.Assignment is not null)
            .OrderBy(v => v.Assignment!.Start)
            .Select(v => new ScheduledVisit(v.Id, v.Status, v.Assignment!.Start, v.Assignment.End,
                Details(v) ? v.Kind : null, Details(v) ? v.Topic : null, Details(v) ? v.School : null))
            .ToList();
        return TypedResults.Ok(new ScheduleView(id, expert.Availability, scheduled));

        // What and where: to whoever may see the visit itself (its province, its school, its expert),
        // and to the expert's own keys within their province.
        bool Details(VisitRequest v) => VisitAccess.CanSee(v, actor) || actor.ExpertId == id && actor.CoversProvince(v.School.Province);
    }

    private static async Task<Results<Ok<HoursView>, ProblemHttpResult>> GetHours(
        Guid id, Actor actor, IDocumentSession session, CancellationToken ct)
    {
        var expert = await session.LoadAsync<Expert>(id, ct);
        if (expert is null || !ExpertAccess.Sees(expert, actor)) return Problems.NotFound("expert");
        var delivered = await session.Query<VisitRequest>()
            .Where(v => v.ExpertId == id && v.Status == VisitStatus.Delivered)
            .ToListAsync(ct);
        var minutes = delivered.Sum(v => v.Delivery!.DurationMinutes);
        return TypedResults.Ok(new HoursView(id, delivered.Count, minutes, Math.Round(minutes / 60.0, 2)));
    }
}
