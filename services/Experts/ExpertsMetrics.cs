using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Persistence;
using Kechuang.Experts.Domain;
using static Kechuang.BuildingBlocks.Persistence.EventCount;

namespace Kechuang.Experts;

/// <summary>Business counters of the volunteer corps, counted from what each session committed.</summary>
public static class ExpertsMetrics
{
    public const string Name = "Kechuang.Experts";

    internal static readonly CommittedEventMetrics Listener = new CommittedEventMetrics(Name)
        .Counter("kechuang.experts.registered", "{expert}", "Experts who joined the pool.",
            On<ExpertRegistered>())
        .Counter("kechuang.experts.vetted", "{expert}", "Experts vetted, tagged by decision.",
            On<ExpertVetted>(e => [new("decision", ApiEnum.Name(e.Decision))]))
        .Counter("kechuang.experts.visits.requested", "{visit}", "Visit requests from schools.",
            On<VisitRequested>())
        .Counter("kechuang.experts.visits.assigned", "{visit}", "Visits proposed to an expert.",
            On<VisitAssigned>())
        .Counter("kechuang.experts.visits.delivered", "{visit}", "Visits delivered to a school, tagged by rural.",
            On<VisitDelivered>(e => [new("rural", e.School.Rural)]));
}
