using JasperFx;
using Kechuang.BuildingBlocks.Domain;

namespace Kechuang.Outreach.Domain;

/// <summary>
/// The national centre launched a campaign that takes resources, activities and training
/// (送资源、送活动、送培训) to rural areas of the listed provinces between two dates.
/// </summary>
public sealed record CampaignLaunched(
    Guid CampaignId, string Name, CampaignKind Kind, IReadOnlyList<string> Provinces, DateOnly StartsOn, DateOnly EndsOn,
    CampaignTargets Targets, Actor By, DateTimeOffset At) : IDomainEvent;

/// <summary>An activity of a campaign was held at a rural school and recorded.</summary>
public sealed record ActivityRecorded(
    Guid ActivityId, Guid CampaignId, ActivityKind Kind, string Province, string City, string County, string SchoolName,
    DateOnly Date, int Participants, Actor By, DateTimeOffset At) : IDomainEvent;

public enum CampaignKind
{
    /// <summary>科技教育活动乡村行.</summary>
    RuralTour,

    /// <summary>科技支撑乡村振兴公益行动.</summary>
    Revitalisation,
}

/// <summary>What an activity delivered: 送资源 / 送活动 / 送培训.</summary>
public enum ActivityKind
{
    Resources,
    Activity,
    Training,
}

public enum CampaignStatus
{
    Planned,
    Active,
    Ended,
}

/// <summary>Schools reached, teachers trained, activities held: what a campaign aims at and what it achieved.</summary>
public sealed record CampaignTargets(int Schools, int Teachers, int Activities)
{
    public static readonly CampaignTargets None = new(0, 0, 0);
}

public sealed record Campaign(
    Guid Id, string Name, CampaignKind Kind, IReadOnlyList<string> Provinces, DateOnly StartsOn, DateOnly EndsOn,
    CampaignTargets Targets, CampaignTargets Achieved, IReadOnlyList<string> SchoolsReached, DateTimeOffset LaunchedAt) : ILongVersioned
{
    public long Version { get; set; }

    public static Campaign Create(CampaignLaunched e) =>
        new(e.CampaignId, e.Name, e.Kind, e.Provinces, e.StartsOn, e.EndsOn, e.Targets, CampaignTargets.None, [], e.At);

    /// <summary>
    /// Progress counts the campaign's own activities: a school once however often it was visited,
    /// the participants of training activities as teachers trained, and every activity held.
    /// </summary>
    public Campaign Apply(ActivityRecorded e)
    {
        var school = Places.SchoolKey(e.Province, e.City, e.County, e.SchoolName);
        var schools = SchoolsReached.Contains(school) ? SchoolsReached : [.. SchoolsReached, school];
        return this with
        {
            SchoolsReached = schools,
            Achieved = new CampaignTargets(
                schools.Count,
                Achieved.Teachers + (e.Kind == ActivityKind.Training ? e.Participants : 0),
                Achieved.Activities + 1),
        };
    }

    public bool CoversProvince(string province) => Provinces.Contains(province, StringComparer.Ordinal);

    /// <summary>An actor held to a province sees the campaigns that reach its province; national roles see all.</summary>
    public bool VisibleTo(Actor actor) => !actor.HeldToProvince || actor.Province is { } p && CoversProvince(p);

    public CampaignStatus StatusAt(DateTimeOffset now)
    {
        var today = Places.ChinaDate(now);
        return today < StartsOn ? CampaignStatus.Planned : today <= EndsOn ? CampaignStatus.Active : CampaignStatus.Ended;
    }
}
