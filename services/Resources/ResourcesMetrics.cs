using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Persistence;
using Kechuang.Resources.Domain;
using static Kechuang.BuildingBlocks.Persistence.EventCount;

namespace Kechuang.Resources;

/// <summary>The business events of the resources service, counted from what each session committed.</summary>
public static class ResourcesMetrics
{
    public const string Name = "Kechuang.Resources";

    internal static readonly CommittedEventMetrics Listener = new CommittedEventMetrics(Name)
        .Counter("kechuang.resources.submitted", "{resource}", "Resources contributed to the catalogue.",
            On<ResourceSubmitted>())
        .Counter("kechuang.resources.published", "{resource}", "Resources published to the catalogue.",
            On<ResourcePublished>())
        .Counter("kechuang.resources.packages.published", "{edition}", "Resource package editions published.",
            On<PackagePublished>())
        .Counter("kechuang.resources.deliveries", "{delivery}", "Resources and packages delivered to schools, by mode and rural flag.",
            On<DeliveryRecorded>(d => [new("mode", ApiEnum.Name(d.Mode)), new("rural", d.School.Rural)]));
}
