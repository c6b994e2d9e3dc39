using Kechuang.Experts.Domain;
using Kechuang.TestKit;
using Xunit;

namespace Kechuang.Experts.Tests.Rules;

public sealed class VisitRulesTests
{
    [Fact]
    public void Assigning_an_open_request_to_an_approved_free_expert_proposes_it_and_reserves_the_slot()
    {
        var expert = Given.Expert();
        var schedule = Given.Schedule(expert);
        var visit = Given.Visit();
        var slot = Given.Slot(Given.Afternoon, 90);

        var decision = VisitRules.Assign(visit, expert, schedule, slot, Given.Now, Actors.Centre);

        var assigned = Given.Event<VisitAssigned>(decision);
        var reserved = Given.Event<SlotReserved>(decision);
        Assert.Equal(VisitStatus.Proposed, visit.Apply(assigned).Status);
        Assert.Equal(schedule.Id, reserved.ScheduleId);
        Assert.Equal(visit.Id, reserved.VisitRequestId);
        Assert.Single(schedule.Apply(reserved).Reservations);
    }

    [Fact]
    public void An_overlapping_slot_is_double_booked_and_a_touching_one_is_not()
    {
        var expert = Given.Expert();
        var schedule = Given.Schedule(expert, Given.Slot(Given.Afternoon, 60));
        var overlapping = VisitRules.Assign(Given.Visit(), expert, schedule, Given.Slot(Given.Afternoon.AddMinutes(59), 60), Given.Now, Actors.Centre);
        var touching = VisitRules.Assign(Given.Visit(), expert, schedule, Given.Slot(Given.Afternoon.AddMinutes(60), 60), Given.Now, Actors.Centre);
        var before = VisitRules.Assign(Given.Visit(), expert, schedule, Given.Slot(Given.Afternoon.AddMinutes(-60), 60), Given.Now, Actors.Centre);

        Assert.Equal((409, "double_booked"), (overlapping.Error?.Status, overlapping.Error?.Code));
        Assert.False(touching.IsError);
        Assert.False(before.IsError);
    }

    [Fact]
    public void The_monthly_capacity_counts_visits_by_the_calendar_month_in_beijing()
    {
        var expert = Given.Expert(maxVisitsPerMonth: 2);
        // 2026-03-31 17:00 UTC is 2026-04-01 01:00 in Beijing: an April visit.
        var aprilInBeijing = new DateTimeOffset(2026, 3, 31, 17, 0, 0, TimeSpan.Zero);
        var schedule = Given.Schedule(expert, Given.Slot(Given.Afternoon, 60), Given.Slot(aprilInBeijing, 60));

        Assert.False(VisitRules.Assign(Given.Visit(), expert, schedule, Given.Slot(Given.Afternoon.AddDays(1), 60), Given.Now, Actors.Centre).IsError);
        var full = Given.Schedule(expert, Given.Slot(Given.Afternoon, 60), Given.Slot(Given.Afternoon.AddDays(2), 60));
        var refused = VisitRules.Assign(Given.Visit(), expert, full, Given.Slot(Given.Afternoon.AddDays(1), 60), Given.Now, Actors.Centre);
        Assert.Equal((409, "monthly_capacity_reached"), (refused.Error?.Status, refused.Error?.Code));
        Assert.False(VisitRules.Assign(Given.Visit(), expert, full, Given.Slot(aprilInBeijing, 60), Given.Now, Actors.Centre).IsError);
    }

    [Theory]
    [InlineData(ExpertStatus.PendingVetting)]
    [InlineData(ExpertStatus.Rejected)]
    public void Only_an_approved_expert_is_assigned(ExpertStatus status)
    {
        var expert = Given.Expert(status);
        var error = VisitRules.Assign(Given.Visit(), expert, Given.Schedule(expert), Given.Slot(Given.Afternoon, 60), Given.Now, Actors.Centre).Error;
        Assert.Equal((422, "expert_not_vetted"), (error?.Status, error?.Code));
    }

    [Fact]
    public void Only_an_open_request_is_assigned()
    {
        var expert = Given.Expert();
        var proposed = Given.Proposed(expert, Given.Slot(Given.Afternoon, 60));
        var error = VisitRules.Assign(proposed, expert, Given.Schedule(expert), Given.Slot(Given.Afternoon.AddDays(1), 60), Given.Now, Actors.Centre).Error;
        Assert.Equal("invalid_state", error?.Code);
    }

    [Fact]
    public void The_proposed_expert_accepts_and_a_decline_reopens_the_request_and_releases_the_slot()
    {
        var expert = Given.Expert();
        var schedule = Given.Schedule(expert);
        var proposed = Given.Proposed(expert, Given.Slot(Given.Afternoon, 60));

        var accepted = Given.Event<VisitAccepted>(VisitRules.Respond(proposed, schedule, true, null, Given.Now, Given.ExpertActor(expert)));
        Assert.Equal(VisitStatus.Confirmed, proposed.Apply(accepted).Status);

        var decline = VisitRules.Respond(proposed, schedule, false, "出差", Given.Now, Given.ExpertActor(expert));
        var reopened = proposed.Apply(Given.Event<VisitDeclined>(decline));
        Assert.Equal(VisitStatus.Open, reopened.Status);
        Assert.Null(reopened.ExpertId);
        Assert.Null(reopened.Assignment);
        Assert.Equal(proposed.Id, Given.Event<SlotReleased>(decline).VisitRequestId);
    }

    [Fact]
    public void Another_expert_neither_accepts_nor_declines()
    {
        var expert = Given.Expert();
        var proposed = Given.Proposed(expert, Given.Slot(Given.Afternoon, 60));
        var error = VisitRules.Respond(proposed, Given.Schedule(expert), true, null, Given.Now, Actors.Expert(Guid.NewGuid())).Error;
        Assert.Equal("forbidden", error?.Code);
    }

    [Fact]
    public void Only_a_proposed_visit_is_accepted()
    {
        var expert = Given.Expert();
        var error = VisitRules.Respond(Given.Visit(), Given.Schedule(expert), true, null, Given.Now, Given.ExpertActor(expert)).Error;
        Assert.Equal("invalid_state", error?.Code);
    }

    [Fact]
    public void Cancelling_frees_a_held_slot_and_an_open_request_has_none_to_free()
    {
        var expert = Given.Expert();
        var schedule = Given.Schedule(expert);
        var open = VisitRules.Cancel(Given.Visit(), null, "改期", Given.Now, Actors.Centre);
        Assert.Single(open.Events);

        var confirmed = Given.Proposed(expert, Given.Slot(Given.Afternoon, 60)).Apply(new VisitAccepted(Guid.Empty, expert.Id, null, Given.ExpertActor(expert), Given.Now));
        var cancel = VisitRules.Cancel(confirmed, schedule, "停课", Given.Now, Actors.Centre);
        Assert.Equal(VisitStatus.Cancelled, confirmed.Apply(Given.Event<VisitCancelled>(cancel)).Status);
        Assert.Equal(confirmed.Id, Given.Event<SlotReleased>(cancel).VisitRequestId);
    }

    [Fact]
    public void A_delivered_or_cancelled_visit_is_not_cancelled()
    {
        var cancelled = Given.Visit().Apply(new VisitCancelled(Guid.Empty, "改期", Actors.Centre, Given.Now));
        Assert.Equal("invalid_state", VisitRules.Cancel(cancelled, null, "再次", Given.Now, Actors.Centre).Error?.Code);
        Assert.Equal("invalid_state", VisitRules.Cancel(Delivered(), null, "太晚", Given.Now, Actors.Centre).Error?.Code);
    }

    [Fact]
    public void A_confirmed_visit_is_delivered_with_what_outreach_counts_but_not_ahead_of_time()
    {
        var expert = Given.Expert();
        var confirmed = Given.Proposed(expert, Given.Slot(Given.Afternoon, 60)).Apply(new VisitAccepted(Guid.Empty, expert.Id, null, Given.ExpertActor(expert), Given.Now));

        var delivered = Given.Event<VisitDelivered>(VisitRules.Deliver(confirmed, Given.Now, 120, 60, Given.Now, Actors.Centre));
        Assert.Equal(confirmed.School, delivered.School);
        Assert.Equal(expert.Id, delivered.ExpertId);
        Assert.Equal("delivered_in_future", VisitRules.Deliver(confirmed, Given.Now.AddMinutes(1), 120, 60, Given.Now, Actors.Centre).Error?.Code);
        Assert.Equal("invalid_state", VisitRules.Deliver(Given.Visit(), Given.Now, 120, 60, Given.Now, Actors.Centre).Error?.Code);
    }

    [Fact]
    public void Feedback_is_given_once_on_a_delivered_visit()
    {
        var delivered = Delivered();
        var given = Given.Event<VisitFeedbackGiven>(VisitRules.GiveFeedback(delivered, 5, "很好", Given.Now, Actors.School()));
        Assert.Equal("invalid_state", VisitRules.GiveFeedback(delivered.Apply(given), 4, null, Given.Now, Actors.School()).Error?.Code);
        Assert.Equal("invalid_state", VisitRules.GiveFeedback(Given.Visit(), 4, null, Given.Now, Actors.School()).Error?.Code);
    }

    [Fact]
    public void A_school_sees_its_own_requests_a_province_its_province_and_an_expert_the_visits_proposed_to_them()
    {
        var expert = Given.Expert();
        var visit = Given.Proposed(expert, Given.Slot(Given.Afternoon, 60));
        Assert.True(VisitAccess.CanSee(visit, Actors.School("北京市", visit.OrganizationId)));
        Assert.False(VisitAccess.CanSee(visit, Actors.School("北京市")));
        Assert.True(VisitAccess.CanSee(visit, Actors.Province("北京市")));
        Assert.False(VisitAccess.CanSee(visit, Actors.Province("上海市")));
        Assert.True(VisitAccess.CanSee(visit, Given.ExpertActor(expert)));
        Assert.False(VisitAccess.CanSee(visit, Actors.Expert(Guid.NewGuid())));
        Assert.True(VisitAccess.CanSee(visit, Actors.Centre));
        Assert.False(VisitAccess.CanSee(visit, Actors.Reader));
        Assert.False(VisitAccess.CanSee(visit, Actors.Unit()));
    }

    private static VisitRequest Delivered()
    {
        var expert = Given.Expert();
        return Given.Proposed(expert, Given.Slot(Given.Afternoon, 60))
            .Apply(new VisitAccepted(Guid.Empty, expert.Id, null, Given.ExpertActor(expert), Given.Now))
            .Apply(new VisitDelivered(Guid.Empty, expert.Id, new School("小学", "北京市", null, null, false), VisitKind.ScienceTalk,
                "physics", Given.Now, 100, 60, Actors.Centre, Given.Now));
    }
}
