using Kechuang.BuildingBlocks.Domain;

namespace Kechuang.Outreach.Domain;

/// <summary>What a caller asks to record; already validated for shape (fields present, province known).</summary>
public sealed record ActivityReport(
    ActivityKind Kind, string Province, string City, string County, string SchoolName, DateOnly Date, int Participants);

/// <summary>The campaign's rules, as pure functions of its state, the command, the time and the caller.</summary>
public static class CampaignRules
{
    public const string ProvinceNotInCampaign = "province_not_in_campaign";
    public const string DateOutsideCampaign = "date_outside_campaign";
    public const string ActivityInFuture = "activity_in_future";

    public static Decision RecordActivity(Campaign campaign, Guid activityId, ActivityReport report, DateTimeOffset now, Actor actor)
    {
        if (!actor.CoversProvince(report.Province))
            return DomainError.Forbidden("A province records activities in its own province only.");
        if (!campaign.CoversProvince(report.Province))
            return DomainError.Rule(ProvinceNotInCampaign, "The campaign does not reach this province.",
                $"The campaign's provinces are {string.Join("、", campaign.Provinces)}.");
        if (report.Date < campaign.StartsOn || report.Date > campaign.EndsOn)
            return DomainError.Rule(DateOutsideCampaign, "The activity's date is outside the campaign's dates.",
                $"The campaign runs from {campaign.StartsOn:yyyy-MM-dd} to {campaign.EndsOn:yyyy-MM-dd}.");
        if (report.Date > Places.ChinaDate(now))
            return DomainError.Rule(ActivityInFuture, "Only activities already held are recorded.",
                "Record the activity on or after the day it is held (China Standard Time).");

        return Decision.Of(new ActivityRecorded(activityId, campaign.Id, report.Kind, report.Province, report.City,
            report.County, report.SchoolName, report.Date, report.Participants, actor, now));
    }
}
