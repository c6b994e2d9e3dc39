using Kechuang.Applications.Domain;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Persistence;
using static Kechuang.BuildingBlocks.Persistence.EventCount;

namespace Kechuang.Applications;

/// <summary>Business counters of the applications service, counted from what each session committed.</summary>
public static class ApplicationsMetrics
{
    public const string Name = "Kechuang.Applications";

    internal static readonly CommittedEventMetrics Listener = new CommittedEventMetrics(Name)
        .Counter("kechuang.applications.submitted", "{application}", "Applications submitted (resubmissions included).",
            On<ApplicationSubmitted>(e => KindAndProvince(e.Kind, e.Province)))
        .Counter("kechuang.applications.recommended", "{application}", "Applications recommended by a provincial association.",
            On<ApplicationRecommended>(e => KindAndProvince(e.Kind, e.Province)))
        .Counter("kechuang.applications.designated", "{application}", "Applications designated as pilots.",
            On<ApplicationDesignated>(e => KindAndProvince(e.Kind, e.Province)));

    private static KeyValuePair<string, object?>[] KindAndProvince(PilotKind? kind, string? province) =>
        [new("kind", kind is { } k ? ApiEnum.Name(k) : null), new("province", province)];
}
