using Kechuang.BuildingBlocks.Hosting;

namespace Kechuang.Applications;

/// <summary>The applications service: its store, its messages and its API.</summary>
public static class ApplicationsService
{
    public const string Name = "applications";

    public static WebApplicationBuilder AddApplications(this WebApplicationBuilder builder) =>
        builder.AddKechuangService(Name, _ => { });

    public static WebApplication MapApplicationsApi(this WebApplication app)
    {
        app.MapGroup("/api/v1").RequireAuthorization();
        return app;
    }
}
