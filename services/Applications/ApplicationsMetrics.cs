using System.Diagnostics.Metrics;
using Kechuang.Applications.Domain;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Persistence;

namespace Kechuang.Applications;

/// <summary>Business counters of the applications service, counted from what each session committed.</summary>
public static class ApplicationsMetrics
{
    public const string Name = "Kechuang.Applications";

    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Submitted =
        Meter.CreateCounter<long>("kechuang.applications.submitted", "{application}", "Applications submitted (resubmissions included).");

    public static readonly Counter<long> Recommended =
        Meter.CreateCounter<long>("kechuang.applications.recommended", "{application}", "Applications recommended by a provincial association.");

    public static readonly Counter<long> Designated =
        Meter.CreateCounter<long>("kechuang.applications.designated", "{application}", "Applications designated as pilots.");

    internal sealed class Listener : CommittedEventMetrics
    {
        protected override void Count(object data)
        {
            switch (data)
            {
                case ApplicationSubmitted e:
                    Add(Submitted, e.Kind, e.Province);
                    break;
                case ApplicationRecommended e:
                    Add(Recommended, e.Kind, e.Province);
                    break;
                case ApplicationDesignated e:
                    Add(Designated, e.Kind, e.Province);
                    break;
            }
        }

        private static void Add(Counter<long> counter, PilotKind? kind, string? province) =>
            counter.Add(1, Tag("kind", kind is { } k ? ApiEnum.Name(k) : null), Tag("province", province));
    }
}
