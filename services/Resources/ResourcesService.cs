using Kechuang.BuildingBlocks.Domain;
using JasperFx.Events.Projections;
using Kechuang.BuildingBlocks.Hosting;
using Kechuang.Resources.Resources;
using Kechuang.Resources.ReadModels;
using Kechuang.Resources.Deliveries;
using Kechuang.Resources.Domain;
using Kechuang.Resources.Integration;
using Kechuang.Resources.Packages;
using Kechuang.Resources.Subscriptions;
using Marten;
using Contracts = Kechuang.Contracts;

namespace Kechuang.Resources;

/// <summary>
/// The resources service (科教资源共建共享): the shared catalogue and its search, the 助力"双减"
/// column, resource packages, subscriptions and deliveries to schools, the yearly case collection.
/// </summary>
public static class ResourcesService
{
    public const string Name = "resources";

    /// <summary>Names this assembly for test hosts (<c>WebApplicationFactory&lt;Marker&gt;</c>).</summary>
    public sealed class Marker;

    public static WebApplicationBuilder AddResources(this WebApplicationBuilder builder) =>
        builder.AddKechuangService(Name, o =>
        {
            o.Marten = ConfigureStore;
            o.Consumers = x =>
            {
                x.AddConsumer<PushPublishedResource>();
                x.AddConsumer<PushPublishedPackage>();
            };
            o.IntegrationEvents
                .Map<ResourcePublished>((e, meta) => new Contracts.Resources.ResourcePublished(
                    e.ResourceId, e.Title, ApiEnum.Name(e.Kind), e.Topics, e.Grades, ApiEnum.Name(e.Format), e.Featured, null, meta.Timestamp))
                .Map<PackagePublished>((e, meta) => new Contracts.Resources.PackagePublished(
                    e.PackageId, e.Edition, e.Content.Title, e.Content.ResourceIds, e.Topics, e.Grades, null, meta.Timestamp))
                .Map<DeliveryRecorded>((e, meta) => new Contracts.Resources.ResourceDelivered(
                    e.DeliveryId, e.ResourceId, e.PackageId,
                    new Contracts.SchoolRef(e.School.Name, e.School.Province, e.School.City, e.School.County, e.School.Rural),
                    ApiEnum.Name(e.Mode), e.DeliveredAt, e.School.Province, meta.Timestamp));
        });

    /// <summary>Aggregates, read models and their lifecycles, in one place (the benchmark uses it too).</summary>
    public static void ConfigureStore(StoreOptions m)
    {
        m.Projections.Snapshot<Resource>(SnapshotLifecycle.Inline);
        m.Projections.Snapshot<Package>(SnapshotLifecycle.Inline);
        m.Projections.Snapshot<Subscription>(SnapshotLifecycle.Inline);
        m.Projections.Snapshot<Delivery>(SnapshotLifecycle.Inline);
        m.Projections.Add(new ResourceCatalogueProjection(m.DatabaseSchemaName), ProjectionLifecycle.Inline);
        // Pushes match subscriptions by topic and grade (jsonb ?|); deliveries, one per school and
        // thing delivered, are the table that grows and are listed by what, where and to whom.
        m.Schema.For<Subscription>().GinIndexJsonData();
        m.Schema.For<Delivery>()
            .Index(d => d.ResourceId)
            .Index(d => d.PackageId)
            .Index(d => d.School.Province)
            .Index(d => d.OrganizationId);
        m.Storage.ExtendedSchemaObjects.Add(ResourceCatalogue.Table(m.DatabaseSchemaName));
        m.Listeners.Add(ResourcesMetrics.Listener);
    }

    public static WebApplication MapResourcesApi(this WebApplication app)
    {
        app.MapGroup("/api/v1").RequireAuthorization()
            .MapSearch()
            .MapContributions()
            .MapCuration()
            .MapPackages()
            .MapSubscriptions()
            .MapDeliveries()
            .MapCaseCollections();
        return app;
    }
}
