using System.Diagnostics.Metrics;

namespace Kechuang.Experts;

/// <summary>Business counters of the volunteer corps, incremented after each successful save.</summary>
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
}
