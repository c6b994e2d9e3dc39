using JasperFx.Events.Projections;
using Kechuang.Applications.Calls;
using Kechuang.Applications.Domain;
using Kechuang.BuildingBlocks.Hosting;

namespace Kechuang.Applications;

/// <summary>The applications service: calls, pilot unit and pilot city applications, pilots.</summary>
public static class ApplicationsService
{
    public const string Name = "applications";

    /// <summary>Names this assembly for test hosts (<c>WebApplicationFactory&lt;Marker&gt;</c>).</summary>
    public sealed class Marker;

    public static WebApplicationBuilder AddApplications(this WebApplicationBuilder builder) =>
        builder.AddKechuangService(Name, o =>
        {
            o.Marten = m =>
            {
                m.Projections.Snapshot<Call>(SnapshotLifecycle.Inline);
            };
        });

    public static WebApplication MapApplicationsApi(this WebApplication app)
    {
        app.MapGroup("/api/v1").RequireAuthorization()
            .MapCalls();
        return app;
    }
}
