using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Persistence;
using Kechuang.Outreach.Domain;
using static Kechuang.BuildingBlocks.Persistence.EventCount;

namespace Kechuang.Outreach;

/// <summary>The business events of the outreach service, counted from what each session committed.</summary>
public static class OutreachMetrics
{
    public const string Name = "Kechuang.Outreach";

    internal static readonly CommittedEventMetrics Listener = new CommittedEventMetrics(Name)
        .Counter("kechuang.outreach.campaigns.launched", "{campaign}", "Campaigns launched.",
            On<CampaignLaunched>())
        .Counter("kechuang.outreach.activities.recorded", "{activity}", "Campaign activities recorded, by kind.",
            On<ActivityRecorded>(a => [new("kind", ApiEnum.Name(a.Kind))]))
        .Counter("kechuang.outreach.stations.established", "{station}", "Rural science-education service stations set up.",
            On<StationEstablished>())
        .Counter("kechuang.outreach.facts.received", "{fact}",
            "Facts from other services recorded for coverage, by type (visit, delivery, training, pilot).",
            On<ExpertVisitReceived>(_ => Fact("visit")),
            On<ResourceDeliveryReceived>(_ => Fact("delivery")),
            On<TeacherTrainingReceived>(_ => Fact("training")),
            On<PilotDesignationReceived>(_ => Fact("pilot")));

    private static KeyValuePair<string, object?>[] Fact(string type) => [new("fact.type", type)];
}
