using System.Globalization;

namespace Kechuang.Experts.Domain;

/// <summary>An expert ranked for a visit request, with the reasons for each part of the score.</summary>
public sealed record Candidate(
    Guid ExpertId, string Name, string Affiliation, int Score, IReadOnlyList<string> Reasons, TimeSlot? SuggestedSlot,
    int UpcomingVisits);

/// <summary>
/// Matching (匹配): ranks approved experts for a request by topic fit (40), region (25),
/// a free slot in the preferred windows within their availability and monthly capacity (25),
/// and current load (10). Pure: the same inputs always rank the same way.
/// </summary>
public static class CandidateRanking
{
    public const int TopicPoints = 40;
    public const int RegionPoints = 25;
    public const int AvailabilityPoints = 25;
    public const int LoadPoints = 10;

    public static IReadOnlyList<Candidate> Rank(
        VisitRequest visit, IEnumerable<(Expert Expert, ExpertSchedule Schedule)> experts, DateTimeOffset now) =>
        experts
            .Where(e => e.Expert.Status == ExpertStatus.Approved)
            .Select(e => Score(visit, e.Expert, e.Schedule, now))
            .OrderByDescending(c => c.Score)
            .ThenBy(c => c.UpcomingVisits)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .ThenBy(c => c.ExpertId)
            .ToList();

    public static Candidate Score(VisitRequest visit, Expert expert, ExpertSchedule schedule, DateTimeOffset now)
    {
        var reasons = new List<string>();
        var score = 0;

        var topic = expert.Covers(visit.Topic) ? TopicPoints : 0;
        reasons.Add($"topic {visit.Topic}: {(topic > 0 ? "covered" : "not covered")} (+{topic})");
        score += topic;

        var region = expert.Serves(visit.School.Province) ? RegionPoints : 0;
        reasons.Add($"region {visit.School.Province}: {(region > 0 ? "served" : "not served")} (+{region})");
        score += region;

        var (slot, monthFull) = FindFreeSlot(visit, expert, schedule, now);
        if (slot is not null)
        {
            reasons.Add($"availability: free {Format(slot.Start)} to {Format(slot.End)} in a preferred window (+{AvailabilityPoints})");
            score += AvailabilityPoints;
        }
        else
        {
            reasons.Add(monthFull
                ? "availability: free time in a preferred window, but that month's visits are full (+0)"
                : "availability: no free slot in the preferred windows (+0)");
        }

        var upcoming = schedule.Reservations.Count(r => r.End > now);
        var load = (int)Math.Round(LoadPoints * (1 - Math.Min(upcoming, expert.MaxVisitsPerMonth) / (double)expert.MaxVisitsPerMonth));
        reasons.Add($"load: {upcoming} upcoming visit(s), at most {expert.MaxVisitsPerMonth} a month (+{load})");
        score += load;

        return new Candidate(expert.Id, expert.Name, expert.Affiliation, score, reasons, slot, upcoming);
    }

    /// <summary>
    /// The earliest slot of the request's duration, not in the past, inside both a preferred
    /// window and an availability slot, overlapping no visit the expert holds, in a month that
    /// is not yet full. <c>MonthFull</c> tells when free time existed but only in full months.
    /// </summary>
    public static (TimeSlot? Slot, bool MonthFull) FindFreeSlot(VisitRequest visit, Expert expert, ExpertSchedule schedule, DateTimeOffset now)
    {
        var duration = TimeSpan.FromMinutes(visit.DurationMinutes);
        var held = schedule.Reservations.Select(r => r.Slot).OrderBy(s => s.Start).ToList();
        var monthFull = false;
        foreach (var window in visit.PreferredWindows.OrderBy(w => w.Start))
        {
            foreach (var available in expert.Availability.OrderBy(a => a.Start))
            {
                if (window.Intersect(available) is not { } span) continue;
                foreach (var gap in FreeGaps(span, held, now))
                {
                    if (gap.Length < duration) continue;
                    if (schedule.VisitsInMonthOf(gap.Start) >= expert.MaxVisitsPerMonth)
                    {
                        monthFull = true;
                        continue;
                    }
                    return (new TimeSlot(gap.Start, gap.Start + duration), false);
                }
            }
        }
        return (null, monthFull);
    }

    private static IEnumerable<TimeSlot> FreeGaps(TimeSlot span, IReadOnlyList<TimeSlot> held, DateTimeOffset now)
    {
        var cursor = span.Start < now ? now : span.Start;
        foreach (var busy in held)
        {
            if (busy.End <= cursor) continue;
            if (busy.Start >= span.End) break;
            if (busy.Start > cursor) yield return new TimeSlot(cursor, busy.Start);
            cursor = busy.End;
        }
        if (span.End > cursor) yield return new TimeSlot(cursor, span.End);
    }

    private static string Format(DateTimeOffset instant) =>
        instant.ToOffset(ChinaTime.Offset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " (UTC+8)";
}
