using System.Diagnostics.Metrics;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Persistence;
using Kechuang.Resources.Domain;

namespace Kechuang.Resources;

/// <summary>The business events of the resources service, counted from what each session committed.</summary>
public static class ResourcesMetrics
{
    public const string Name = "Kechuang.Resources";

    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Submitted =
        Meter.CreateCounter<long>("kechuang.resources.submitted", "{resource}", "Resources contributed to the catalogue.");

    public static readonly Counter<long> Published =
        Meter.CreateCounter<long>("kechuang.resources.published", "{resource}", "Resources published to the catalogue.");

    public static readonly Counter<long> PackagesPublished =
        Meter.CreateCounter<long>("kechuang.resources.packages.published", "{edition}", "Resource package editions published.");

    public static readonly Counter<long> Deliveries =
        Meter.CreateCounter<long>("kechuang.resources.deliveries", "{delivery}", "Resources and packages delivered to schools, by mode and rural flag.");

    internal sealed class Listener : CommittedEventMetrics
    {
        protected override void Count(object data)
        {
            switch (data)
            {
                case ResourceSubmitted:
                    Submitted.Add(1);
                    break;
                case ResourcePublished:
                    Published.Add(1);
                    break;
                case PackagePublished:
                    PackagesPublished.Add(1);
                    break;
                case DeliveryRecorded d:
                    Deliveries.Add(1, Tag("mode", ApiEnum.Name(d.Mode)), Tag("rural", d.School.Rural));
                    break;
            }
        }
    }
}
