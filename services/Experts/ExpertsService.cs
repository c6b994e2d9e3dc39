using Kechuang.BuildingBlocks.Domain;
using JasperFx.Events.Projections;
using Kechuang.BuildingBlocks.Hosting;
using Kechuang.BuildingBlocks.Text;
using Kechuang.Contracts;
using Kechuang.Experts.Domain;
using Kechuang.Experts.VisitRequests;
using Kechuang.Experts.Experts;
using Kechuang.Experts.Schedules;
using Marten.Schema;
using Integration = Kechuang.Contracts.Experts;

namespace Kechuang.Experts;

/// <summary>The experts service: the 大手拉小手 volunteer corps, from school request to delivered talk.</summary>
public static class ExpertsService
{
    public const string Name = "experts";

    /// <summary>Names this assembly for test hosts (<c>WebApplicationFactory&lt;Marker&gt;</c>).</summary>
    public sealed class Marker;

    public static WebApplicationBuilder AddExperts(this WebApplicationBuilder builder) =>
        builder.AddKechuangService(Name, o =>
        {
            o.Marten = m =>
            {
                // Inline snapshots: the API reads its own writes, lists and filters them.
                m.Projections.Snapshot<Expert>(SnapshotLifecycle.Inline);
                m.Projections.Snapshot<ExpertSchedule>(SnapshotLifecycle.Inline);
                m.Projections.Snapshot<VisitRequest>(SnapshotLifecycle.Inline);
                // The list's topic and province filters are containment in the JSON arrays
                // (data @> '{"topics":[…]}'): the GIN index on the document serves them. Equality
                // on a single value keeps its JSON locator, the btree on it and its statistics.
                m.Schema.For<Expert>().GinIndexJsonData().PropertySearching(PropertySearching.JSON_Locator_Only);
                m.Schema.For<Expert>().Index(e => e.Status);
                // The list's order (newest first, then the id): its page is read off this index.
                m.Schema.For<Expert>().Index(e => e.RegisteredAt, i => i.Mask = "? DESC, id");
                // ?q=: the name's and the affiliation's grams under a GIN index (SearchDocuments).
                m.Schema.For<Expert>().Duplicate(e => e.SearchGrams, pgType: SearchDocuments.GramsType, configure: SearchDocuments.GinIndex);
                m.Schema.For<VisitRequest>().Index(r => r.ExpertId);
                // The visit list's scopes and its order: a province's requests, a school's own, the
                // centre's by status (the open ones are few), newest first.
                m.Schema.For<VisitRequest>()
                    .Index(r => r.School.Province)
                    .Index(r => r.OrganizationId)
                    .Index(r => r.Status)
                    .Index(r => r.RequestedAt, i => i.Mask = "? DESC, id");
                m.Listeners.Add(ExpertsMetrics.Listener);
            };
            o.IntegrationEvents
                .Map<ExpertVetted>((e, meta) => new Integration.ExpertVetted(e.ExpertId, e.Name, e.Affiliation,
                    e.Decision == VettingDecision.Approve, e.Trainer, e.Topics, e.Provinces, null, meta.Timestamp))
                .Map<VisitDelivered>((e, meta) => new Integration.VisitDelivered(e.VisitRequestId, e.ExpertId,
                    new SchoolRef(e.School.Name, e.School.Province, e.School.City, e.School.County, e.School.Rural),
                    ApiEnum.Name(e.Kind), e.Topic, e.AudienceCount, e.DurationMinutes, e.DeliveredAt, e.School.Province,
                    meta.Timestamp));
        }).AddSearchBackfill<Expert>();

    public static WebApplication MapExpertsApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization();
        api.MapExperts().MapSchedule();
        api.MapVisitRequests().MapCandidates();
        return app;
    }
}
