using Kechuang.BuildingBlocks.Hosting;

namespace Kechuang.Resources;

/// <summary>The resources service: its store, its messages and its API.</summary>
public static class ResourcesService
{
    public const string Name = "resources";

    /// <summary>Names this assembly for test hosts (<c>WebApplicationFactory&lt;Marker&gt;</c>).</summary>
    public sealed class Marker;

    public static WebApplicationBuilder AddResources(this WebApplicationBuilder builder) =>
        builder.AddKechuangService(Name, _ => { });

    public static WebApplication MapResourcesApi(this WebApplication app)
    {
        app.MapGroup("/api/v1").RequireAuthorization();
        return app;
    }
}
