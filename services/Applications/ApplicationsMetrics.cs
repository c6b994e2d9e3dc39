using System.Diagnostics.Metrics;
using Kechuang.Applications.Domain;
using Kechuang.BuildingBlocks.Http;

namespace Kechuang.Applications;

/// <summary>Business counters of the applications service, incremented after the change committed.</summary>
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

    public static void Count(Counter<long> counter, Application a) =>
        counter.Add(1,
            new KeyValuePair<string, object?>("kind", ApiEnum.Name(a.Kind)),
            new KeyValuePair<string, object?>("province", a.Applicant.Province));
}
