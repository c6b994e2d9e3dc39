using System.Diagnostics.Metrics;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Persistence;
using Kechuang.Outreach.Domain;

namespace Kechuang.Outreach;

/// <summary>The business events of the outreach service, counted from what each session committed.</summary>
public static class OutreachMetrics
{
    public const string Name = "Kechuang.Outreach";

    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> CampaignsLaunched =
        Meter.CreateCounter<long>("kechuang.outreach.campaigns.launched", "{campaign}", "Campaigns launched.");

    public static readonly Counter<long> ActivitiesRecorded =
        Meter.CreateCounter<long>("kechuang.outreach.activities.recorded", "{activity}", "Campaign activities recorded, by kind.");

    public static readonly Counter<long> StationsEstablished =
        Meter.CreateCounter<long>("kechuang.outreach.stations.established", "{station}", "Rural science-education service stations set up.");

    public static readonly Counter<long> FactsReceived =
        Meter.CreateCounter<long>("kechuang.outreach.facts.received", "{fact}",
            "Facts from other services recorded for coverage, by type (visit, delivery, training, pilot).");

    internal sealed class Listener : CommittedEventMetrics
    {
        protected override void Count(object data)
        {
            switch (data)
            {
                case CampaignLaunched:
                    CampaignsLaunched.Add(1);
                    break;
                case ActivityRecorded a:
                    ActivitiesRecorded.Add(1, Tag("kind", ApiEnum.Name(a.Kind)));
                    break;
                case StationEstablished:
                    StationsEstablished.Add(1);
                    break;
                case ExpertVisitReceived:
                    Fact("visit");
                    break;
                case ResourceDeliveryReceived:
                    Fact("delivery");
                    break;
                case TeacherTrainingReceived:
                    Fact("training");
                    break;
                case PilotDesignationReceived:
                    Fact("pilot");
                    break;
            }
        }

        private static void Fact(string type) => FactsReceived.Add(1, Tag("fact.type", type));
    }
}
