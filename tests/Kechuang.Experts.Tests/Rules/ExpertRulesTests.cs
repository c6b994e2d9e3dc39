using Kechuang.Experts.Domain;
using Kechuang.TestKit;
using Xunit;

namespace Kechuang.Experts.Tests.Rules;

public sealed class ExpertRulesTests
{
    [Fact]
    public void The_centre_vets_a_pending_expert_and_the_event_carries_the_profile_for_training()
    {
        var expert = Given.Expert(ExpertStatus.PendingVetting, topics: ["robotics"]);
        var vetted = Given.Event<ExpertVetted>(ExpertRules.Vet(expert, VettingDecision.Approve, "同意", Given.Now, Actors.Centre));
        Assert.Equal(["robotics"], vetted.Topics);
        Assert.Equal(ExpertStatus.Approved, expert.Apply(vetted).Status);
    }

    [Fact]
    public void An_expert_is_vetted_only_once()
    {
        var error = ExpertRules.Vet(Given.Expert(ExpertStatus.Rejected), VettingDecision.Approve, null, Given.Now, Actors.Centre).Error;
        Assert.Equal("invalid_state", error?.Code);
    }

    [Fact]
    public void A_province_vets_only_experts_who_serve_it()
    {
        var expert = Given.Expert(ExpertStatus.PendingVetting, provinces: ["四川省", "重庆市"]);
        Assert.Equal("forbidden", ExpertRules.Vet(expert, VettingDecision.Approve, null, Given.Now, Actors.Province("云南省")).Error?.Code);
        Assert.False(ExpertRules.Vet(expert, VettingDecision.Approve, null, Given.Now, Actors.Province("重庆市")).IsError);
    }

    [Fact]
    public void Availability_is_set_by_the_expert_the_centre_or_a_served_province_and_kept_in_time_order()
    {
        var expert = Given.Expert(provinces: ["四川省"]);
        TimeSlot[] slots = [Given.Slot(Given.Afternoon.AddDays(1), 60), Given.Slot(Given.Afternoon, 60)];

        var set = Given.Event<AvailabilitySet>(ExpertRules.SetAvailability(expert, slots, Given.Now, Given.ExpertActor(expert)));
        Assert.Equal([slots[1], slots[0]], set.Slots);
        Assert.False(ExpertRules.SetAvailability(expert, slots, Given.Now, Actors.Province("四川省")).IsError);
        Assert.Equal("forbidden", ExpertRules.SetAvailability(expert, slots, Given.Now, Actors.Province("云南省")).Error?.Code);
        Assert.Equal("forbidden", ExpertRules.SetAvailability(expert, slots, Given.Now, Actors.Expert(Guid.NewGuid())).Error?.Code);
    }

    [Fact]
    public void A_rejected_expert_sets_no_availability()
    {
        var expert = Given.Expert(ExpertStatus.Rejected);
        Assert.Equal("invalid_state", ExpertRules.SetAvailability(expert, [], Given.Now, Given.ExpertActor(expert)).Error?.Code);
    }

    [Fact]
    public void Contact_details_are_for_the_centre_provinces_admins_and_the_expert_themself()
    {
        var id = Guid.NewGuid();
        Assert.True(ExpertAccess.SeesContact(id, Actors.Centre));
        Assert.True(ExpertAccess.SeesContact(id, Actors.Province("西藏自治区")));
        Assert.True(ExpertAccess.SeesContact(id, Actors.Admin));
        Assert.True(ExpertAccess.SeesContact(id, Actors.Expert(id)));
        Assert.False(ExpertAccess.SeesContact(id, Actors.Expert(Guid.NewGuid())));
        Assert.False(ExpertAccess.SeesContact(id, Actors.School()));
        Assert.False(ExpertAccess.SeesContact(id, Actors.Operator));
        Assert.False(ExpertAccess.SeesContact(id, Actors.Reader));
    }
}
