using Kechuang.BuildingBlocks.Http;
using System.Diagnostics.Metrics;
using Kechuang.Resources.Domain;
using Marten;
using Marten.Services;

namespace Kechuang.Resources;

/// <summary>The business events of the resources service, counted after they committed.</summary>
public static class ResourcesMetrics
{
    public const string MeterName = "Kechuang.Resources";

    public static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> Submitted =
        Meter.CreateCounter<long>("kechuang.resources.submitted", "{resource}", "Resources contributed to the catalogue.");

    public static readonly Counter<long> Published =
        Meter.CreateCounter<long>("kechuang.resources.published", "{resource}", "Resources published to the catalogue.");

    public static readonly Counter<long> PackagesPublished =
        Meter.CreateCounter<long>("kechuang.resources.packages.published", "{edition}", "Resource package editions published.");

    public static readonly Counter<long> Deliveries =
        Meter.CreateCounter<long>("kechuang.resources.deliveries", "{delivery}", "Resources and packages delivered to schools, by mode and rural flag.");

    /// <summary>
    /// Counts from what each session committed, whoever wrote it (an endpoint or a consumer), so
    /// a rolled-back transaction counts nothing.
    /// </summary>
    public sealed class Listener : DocumentSessionListenerBase
    {
        public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
        {
            foreach (var e in commit.GetEvents())
            {
                switch (e.Data)
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
                        Deliveries.Add(1, new KeyValuePair<string, object?>("mode", ApiEnum.Name(d.Mode)),
                            new KeyValuePair<string, object?>("rural", d.School.Rural));
                        break;
                }
            }
            return Task.CompletedTask;
        }
    }
}
