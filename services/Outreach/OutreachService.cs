using JasperFx.Events.Projections;
using Kechuang.BuildingBlocks.Hosting;
using Kechuang.BuildingBlocks.Persistence;
using Kechuang.Outreach.Campaigns;
using Kechuang.Outreach.ReadModels;
using Kechuang.Outreach.Domain;
using Kechuang.Outreach.Integration;
using Kechuang.Outreach.Stations;

namespace Kechuang.Outreach;

/// <summary>
/// The outreach service: rural campaigns (科技教育活动乡村行, 科技支撑乡村振兴公益行动), their
/// activities, rural science-education service stations, and coverage by province, city and
/// county built from its own records and the other services' events.
/// </summary>
public static class OutreachService
{
    public const string Name = "outreach";

    /// <summary>Names this assembly for test hosts (<c>WebApplicationFactory&lt;Marker&gt;</c>).</summary>
    public sealed class Marker;

    public static WebApplicationBuilder AddOutreach(this WebApplicationBuilder builder) =>
        builder.AddKechuangService(Name, o =>
        {
            o.Marten = m =>
            {
                // The daemon reads events other nodes appended: every type must be known up front.
                m.Events.AddEventTypes([
                    typeof(CampaignLaunched), typeof(ActivityRecorded), typeof(StationEstablished),
                    typeof(ExpertVisitReceived), typeof(ResourceDeliveryReceived), typeof(TeacherTrainingReceived),
                    typeof(PilotDesignationReceived),
                ]);
                m.Projections.Snapshot<Campaign>(SnapshotLifecycle.Inline);
                m.Projections.Snapshot<Station>(SnapshotLifecycle.Inline);
                m.Projections.Add<CampaignActivityProjection>(ProjectionLifecycle.Inline);
                m.Projections.Add(new CountyCoverageProjection(EventTraceLinks.Of(m)), ProjectionLifecycle.Async);
                m.Projections.Add(new ProvincePilotsProjection(EventTraceLinks.Of(m)), ProjectionLifecycle.Async);
                m.Schema.For<CampaignActivity>().Index(a => a.CampaignId);
                m.Schema.For<CountyCoverage>().Index(c => c.Province);
                m.Listeners.Add(OutreachMetrics.Listener);
            };
            o.Consumers = x =>
            {
                x.AddConsumer<VisitDeliveredConsumer>();
                x.AddConsumer<ResourceDeliveredConsumer>();
                x.AddConsumer<TrainingCompletedConsumer>();
                x.AddConsumer<PilotDesignatedConsumer>();
            };
        });

    public static WebApplication MapOutreachApi(this WebApplication app)
    {
        app.MapGroup("/api/v1").RequireAuthorization()
            .MapCampaigns()
            .MapStations()
            .MapCoverage();
        return app;
    }
}
