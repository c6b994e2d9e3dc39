using Kechuang.BuildingBlocks.Domain;
using Kechuang.Outreach.Domain;
using Kechuang.TestKit;
using Xunit;

namespace Kechuang.Outreach.Tests;

/// <summary>The campaign's rules and progress, without a database.</summary>
public sealed class CampaignRulesTests
{
    private static readonly DateTimeOffset Now = new(2022, 6, 15, 9, 0, 0, TimeSpan.FromHours(8));

    private static Campaign Campaign(params string[] provinces) => Domain.Campaign.Create(new CampaignLaunched(
        Guid.NewGuid(), "2022年科技教育活动乡村行", CampaignKind.RuralTour, provinces.Length == 0 ? ["云南省", "贵州省"] : provinces,
        new DateOnly(2022, 5, 1), new DateOnly(2022, 10, 31), new CampaignTargets(100, 500, 200), Actors.Centre, Now.AddDays(-60)));

    private static ActivityReport Report(
        ActivityKind kind = ActivityKind.Activity, string province = "云南省", string school = "勐海县第一小学",
        DateOnly? date = null, int participants = 40, string county = "勐海县") =>
        new(kind, province, "西双版纳傣族自治州", county, school, date ?? new DateOnly(2022, 6, 15), participants);

    private static Campaign Record(Campaign campaign, ActivityReport report)
    {
        var decision = CampaignRules.RecordActivity(campaign, Guid.NewGuid(), report, Now, Actors.Centre);
        Assert.Null(decision.Error);
        return campaign.Apply((ActivityRecorded)Assert.Single(decision.Events));
    }

    [Fact]
    public void An_activity_in_a_campaign_province_within_its_dates_is_recorded_as_the_caller_reported_it()
    {
        var campaign = Campaign();
        var id = Guid.NewGuid();
        var decision = CampaignRules.RecordActivity(campaign, id, Report(ActivityKind.Training, participants: 25), Now, Actors.Centre);

        var recorded = Assert.IsType<ActivityRecorded>(Assert.Single(decision.Events));
        Assert.Equal(id, recorded.ActivityId);
        Assert.Equal(campaign.Id, recorded.CampaignId);
        Assert.Equal(ActivityKind.Training, recorded.Kind);
        Assert.Equal(25, recorded.Participants);
        Assert.Equal(Actors.Centre, recorded.By);
        Assert.Equal(Now, recorded.At);
    }

    [Fact]
    public void An_activity_in_a_province_the_campaign_does_not_reach_is_refused()
    {
        var decision = CampaignRules.RecordActivity(Campaign(), Guid.NewGuid(), Report(province: "广东省"), Now, Actors.Centre);
        Assert.Equal((422, CampaignRules.ProvinceNotInCampaign), (decision.Error?.Status, decision.Error?.Code));
    }

    [Theory]
    [InlineData(2022, 4, 30)]
    [InlineData(2022, 11, 1)]
    public void An_activity_dated_outside_the_campaign_is_refused(int year, int month, int day)
    {
        var late = Now.AddYears(1);
        var decision = CampaignRules.RecordActivity(Campaign(), Guid.NewGuid(), Report(date: new DateOnly(year, month, day)), late, Actors.Centre);
        Assert.Equal((422, CampaignRules.DateOutsideCampaign), (decision.Error?.Status, decision.Error?.Code));
    }

    [Fact]
    public void The_first_and_last_campaign_days_are_inside_it()
    {
        var late = Now.AddYears(1);
        foreach (var date in new[] { new DateOnly(2022, 5, 1), new DateOnly(2022, 10, 31) })
            Assert.Null(CampaignRules.RecordActivity(Campaign(), Guid.NewGuid(), Report(date: date), late, Actors.Centre).Error);
    }

    [Fact]
    public void An_activity_not_yet_held_in_China_is_refused()
    {
        // 2022-06-15 23:30 in Beijing is still 15:30 UTC: the 16th has not begun in China.
        var now = new DateTimeOffset(2022, 6, 15, 15, 30, 0, TimeSpan.Zero);
        var tomorrow = CampaignRules.RecordActivity(Campaign(), Guid.NewGuid(), Report(date: new DateOnly(2022, 6, 16)), now, Actors.Centre);
        Assert.Equal((422, CampaignRules.ActivityInFuture), (tomorrow.Error?.Status, tomorrow.Error?.Code));

        var afterMidnight = new DateTimeOffset(2022, 6, 15, 16, 0, 0, TimeSpan.Zero);
        Assert.Null(CampaignRules.RecordActivity(Campaign(), Guid.NewGuid(), Report(date: new DateOnly(2022, 6, 16)), afterMidnight, Actors.Centre).Error);
    }

    [Fact]
    public void A_province_records_activities_in_its_own_province_only()
    {
        var campaign = Campaign();
        var yunnan = Actors.Province("云南省");
        Assert.Null(CampaignRules.RecordActivity(campaign, Guid.NewGuid(), Report(province: "云南省"), Now, yunnan).Error);
        var other = CampaignRules.RecordActivity(campaign, Guid.NewGuid(), Report(province: "贵州省"), Now, yunnan);
        Assert.Equal((403, "forbidden"), (other.Error?.Status, other.Error?.Code));
    }

    [Fact]
    public void Progress_counts_a_school_once_teachers_from_training_and_every_activity()
    {
        var campaign = Campaign();
        campaign = Record(campaign, Report(ActivityKind.Resources, participants: 300));
        campaign = Record(campaign, Report(ActivityKind.Activity, school: " 勐海县第一小学 ", participants: 120));
        campaign = Record(campaign, Report(ActivityKind.Training, school: "勐海县第一小学", participants: 18));
        campaign = Record(campaign, Report(ActivityKind.Training, school: "勐海县第二小学", participants: 7));
        campaign = Record(campaign, Report(ActivityKind.Activity, school: "勐海县第一小学", county: "勐腊县", participants: 50));

        Assert.Equal(new CampaignTargets(Schools: 3, Teachers: 25, Activities: 5), campaign.Achieved);
        Assert.Equal(new CampaignTargets(100, 500, 200), campaign.Targets);
    }

    [Fact]
    public void A_campaign_is_planned_then_active_then_ended_by_the_date_in_China()
    {
        var campaign = Campaign();
        Assert.Equal(CampaignStatus.Planned, campaign.StatusAt(new DateTimeOffset(2022, 4, 30, 15, 59, 0, TimeSpan.Zero)));
        Assert.Equal(CampaignStatus.Active, campaign.StatusAt(new DateTimeOffset(2022, 4, 30, 16, 0, 0, TimeSpan.Zero)));
        Assert.Equal(CampaignStatus.Active, campaign.StatusAt(new DateTimeOffset(2022, 10, 31, 15, 59, 0, TimeSpan.Zero)));
        Assert.Equal(CampaignStatus.Ended, campaign.StatusAt(new DateTimeOffset(2022, 10, 31, 16, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void A_province_sees_the_campaigns_that_reach_it_and_national_roles_see_all()
    {
        var campaign = Campaign("云南省");
        Assert.True(campaign.VisibleTo(Actors.Province("云南省")));
        Assert.False(campaign.VisibleTo(Actors.Province("贵州省")));
        Assert.True(campaign.VisibleTo(Actors.Reader));
        Assert.True(campaign.VisibleTo(Actors.Centre));
    }
}
