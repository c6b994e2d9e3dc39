using Kechuang.Experts.Domain;
using Xunit;

namespace Kechuang.Experts.Tests.Rules;

public sealed class CandidateRankingTests
{
    private static readonly TimeSlot Window = Given.Slot(Given.Afternoon, 240);

    [Fact]
    public void Topic_province_and_availability_outrank_topic_alone()
    {
        var visit = Given.Visit("robotics", "四川省", 90, Window);
        var full = Given.Expert(topics: ["robotics"], provinces: ["四川省"], availability: Window);
        var topicOnly = Given.Expert(topics: ["robotics"], provinces: ["广东省"]);
        var regionOnly = Given.Expert(topics: ["biology"], provinces: ["四川省"]);

        var ranked = CandidateRanking.Rank(visit, [(topicOnly, Given.Schedule(topicOnly)), (regionOnly, Given.Schedule(regionOnly)), (full, Given.Schedule(full))], Given.Now);

        Assert.Equal([full.Id, topicOnly.Id, regionOnly.Id], ranked.Select(c => c.ExpertId));
        Assert.Equal([100, 50, 35], ranked.Select(c => c.Score));
        Assert.All(ranked, c => Assert.Equal(4, c.Reasons.Count));
    }

    [Fact]
    public void Unvetted_and_rejected_experts_are_never_ranked()
    {
        var visit = Given.Visit("robotics", "四川省", 90, Window);
        var pending = Given.Expert(ExpertStatus.PendingVetting, ["robotics"], ["四川省"], 4, Window);
        var rejected = Given.Expert(ExpertStatus.Rejected, ["robotics"], ["四川省"], 4, Window);
        Assert.Empty(CandidateRanking.Rank(visit, [(pending, Given.Schedule(pending)), (rejected, Given.Schedule(rejected))], Given.Now));
    }

    [Fact]
    public void The_suggested_slot_is_the_earliest_free_time_in_a_window_and_the_availability_around_held_visits()
    {
        var visit = Given.Visit(durationMinutes: 60, windows: Window);
        var expert = Given.Expert(availability: Given.Slot(Given.Afternoon.AddMinutes(30), 300));
        var schedule = Given.Schedule(expert, Given.Slot(Given.Afternoon.AddMinutes(60), 60));

        var (slot, monthFull) = CandidateRanking.FindFreeSlot(visit, expert, schedule, Given.Now);

        Assert.False(monthFull);
        Assert.Equal(Given.Slot(Given.Afternoon.AddMinutes(120), 60), slot);
    }

    [Fact]
    public void No_slot_is_suggested_in_the_past_or_when_the_free_time_is_too_short()
    {
        var expert = Given.Expert(availability: Window);
        // Free 14:00-15:00 and 17:00-18:00 around a held visit: neither fits 90 minutes.
        var schedule = Given.Schedule(expert, Given.Slot(Given.Afternoon.AddMinutes(60), 120));
        var visit = Given.Visit(durationMinutes: 90, windows: Window);
        Assert.Null(CandidateRanking.FindFreeSlot(visit, expert, schedule, Given.Now).Slot);
        Assert.Null(CandidateRanking.FindFreeSlot(Given.Visit(durationMinutes: 30, windows: Window), expert, Given.Schedule(expert), Window.End).Slot);
    }

    [Fact]
    public void Free_time_in_a_month_already_full_is_not_suggested_and_the_reason_says_so()
    {
        var expert = Given.Expert(maxVisitsPerMonth: 1, availability: Window);
        var schedule = Given.Schedule(expert, Given.Slot(Given.Afternoon.AddDays(5), 60));
        var visit = Given.Visit(windows: Window);

        var candidate = CandidateRanking.Score(visit, expert, schedule, Given.Now);

        Assert.Null(candidate.SuggestedSlot);
        Assert.Contains(candidate.Reasons, r => r.Contains("month's visits are full"));
        Assert.Equal(40 + 25 + 0 + 0, candidate.Score);
    }

    [Fact]
    public void A_lighter_load_ranks_first_among_equal_fits()
    {
        var visit = Given.Visit(windows: Window);
        var idle = Given.Expert(maxVisitsPerMonth: 4);
        var busy = Given.Expert(maxVisitsPerMonth: 4);
        var busySchedule = Given.Schedule(busy, Given.Slot(Given.Afternoon.AddDays(3), 60), Given.Slot(Given.Afternoon.AddDays(4), 60));

        var ranked = CandidateRanking.Rank(visit, [(busy, busySchedule), (idle, Given.Schedule(idle))], Given.Now);

        Assert.Equal([idle.Id, busy.Id], ranked.Select(c => c.ExpertId));
        Assert.Equal(2, ranked[1].UpcomingVisits);
        Assert.Equal(40 + 25 + 5, ranked[1].Score);
    }

    [Fact]
    public void A_schedule_stream_id_is_derived_from_the_expert_alone()
    {
        var expert = Guid.NewGuid();
        Assert.Equal(ExpertSchedule.StreamIdFor(expert), ExpertSchedule.StreamIdFor(expert));
        Assert.NotEqual(expert, ExpertSchedule.StreamIdFor(expert));
        Assert.NotEqual(ExpertSchedule.StreamIdFor(Guid.NewGuid()), ExpertSchedule.StreamIdFor(expert));
    }
}
