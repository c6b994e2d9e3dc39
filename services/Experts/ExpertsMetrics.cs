using System.Diagnostics.Metrics;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Persistence;
using Kechuang.Experts.Domain;

namespace Kechuang.Experts;

/// <summary>Business counters of the volunteer corps, counted from what each session committed.</summary>
public static class ExpertsMetrics
{
    public const string Name = "Kechuang.Experts";

    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> ExpertsRegistered =
        Meter.CreateCounter<long>("kechuang.experts.registered", "{expert}", "Experts who joined the pool.");

    public static readonly Counter<long> ExpertsVetted =
        Meter.CreateCounter<long>("kechuang.experts.vetted", "{expert}", "Experts vetted, tagged by decision.");

    public static readonly Counter<long> VisitsRequested =
        Meter.CreateCounter<long>("kechuang.experts.visits.requested", "{visit}", "Visit requests from schools.");

    public static readonly Counter<long> VisitsAssigned =
        Meter.CreateCounter<long>("kechuang.experts.visits.assigned", "{visit}", "Visits proposed to an expert.");

    public static readonly Counter<long> VisitsDelivered =
        Meter.CreateCounter<long>("kechuang.experts.visits.delivered", "{visit}", "Visits delivered to a school, tagged by rural.");

    internal sealed class Listener : CommittedEventMetrics
    {
        protected override void Count(object data)
        {
            switch (data)
            {
                case ExpertRegistered:
                    ExpertsRegistered.Add(1);
                    break;
                case ExpertVetted e:
                    ExpertsVetted.Add(1, Tag("decision", ApiEnum.Name(e.Decision)));
                    break;
                case VisitRequested:
                    VisitsRequested.Add(1);
                    break;
                case VisitAssigned:
                    VisitsAssigned.Add(1);
                    break;
                case VisitDelivered e:
                    VisitsDelivered.Add(1, Tag("rural", e.School.Rural));
                    break;
            }
        }
    }
}
