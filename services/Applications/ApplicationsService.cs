using JasperFx.Events.Projections;
using Kechuang.Applications.Calls;
using Kechuang.Applications.Commendations;
using Kechuang.Applications.Domain;
using Kechuang.Applications.ExperienceReports;
using Kechuang.Applications.Applications;
using Kechuang.BuildingBlocks.Http;
using Kechuang.Applications.ReadModels;
using Kechuang.BuildingBlocks.Hosting;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Text;
using Kechuang.Contracts.Applications;

namespace Kechuang.Applications;

/// <summary>The applications service: calls, pilot unit and pilot city applications, pilots.</summary>
public static class ApplicationsService
{
    public const string Name = "applications";

    public const long JsonBodyLimit = 256 * 1024;

    /// <summary>Names this assembly for test hosts (<c>WebApplicationFactory&lt;Marker&gt;</c>).</summary>
    public sealed class Marker;

    public static WebApplicationBuilder AddApplications(this WebApplicationBuilder builder) =>
        builder.AddKechuangService(Name, o =>
        {
            o.Marten = m =>
            {
                // Inline: the API reads its own writes and lists and filters them.
                m.Projections.Snapshot<Call>(SnapshotLifecycle.Inline);
                m.Projections.Snapshot<Application>(SnapshotLifecycle.Inline);
                m.Projections.Snapshot<ExperienceReport>(SnapshotLifecycle.Inline);
                m.Projections.Snapshot<Commendation>(SnapshotLifecycle.Inline);
                m.Projections.Add<PilotProjection>(ProjectionLifecycle.Inline);
                // The lists filter by province and status (a province sees only its own): without this
                // index each page and its count scanned every application's JSON.
                m.Schema.For<Application>().Index(a => a.CallId).Index([a => a.Applicant.Province, a => a.Status])
                    // The list is newest first: its unfiltered page, and a kind's, read the first rows of
                    // an index instead of sorting every application (their counts still read them all).
                    .Index(a => a.DraftedAt).Index([a => a.Kind, a => a.DraftedAt])
                    // ?q=: the name's grams under a GIN index (SearchDocuments).
                    .Duplicate(a => a.SearchGrams, pgType: SearchDocuments.GramsType, configure: SearchDocuments.GinIndex);
                m.Schema.For<Pilot>().Index(p => p.Year);
                m.Listeners.Add(ApplicationsMetrics.Listener);
                m.Storage.ExtendedSchemaObjects.Add(SealScanStore.Table(m.DatabaseSchemaName));
            };
            o.IntegrationEvents.Map<ApplicationDesignated>((e, meta) => new PilotDesignated(
                e.PilotId, e.ApplicationId, e.CallId, ApiEnum.Name(e.Kind), e.Name,
                ApiEnum.Name(e.ApplicantType), e.Province, e.City, e.County, e.At, meta.Timestamp));
        }).AddSearchBackfill<Application>();

    public static WebApplication MapApplicationsApi(this WebApplication app)
    {
        app.UseEndpointBodyLimits();
        app.MapGroup("/api/v1").RequireAuthorization()
            // JSON bodies here are forms of a few KiB; anything near this limit is not a form (413).
            .WithBodyLimit(JsonBodyLimit)
            .MapCalls()
            .MapApplications()
            .MapPilots()
            .MapExperienceReports()
            .MapCommendations();
        return app;
    }
}
