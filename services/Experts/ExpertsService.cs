using Kechuang.BuildingBlocks.Hosting;

namespace Kechuang.Experts;

/// <summary>The experts service: its store, its messages and its API.</summary>
public static class ExpertsService
{
    public const string Name = "experts";

    /// <summary>Names this assembly for test hosts (<c>WebApplicationFactory&lt;Marker&gt;</c>).</summary>
    public sealed class Marker;

    public static WebApplicationBuilder AddExperts(this WebApplicationBuilder builder) =>
        builder.AddKechuangService(Name, _ => { });

    public static WebApplication MapExpertsApi(this WebApplication app)
    {
        app.MapGroup("/api/v1").RequireAuthorization();
        return app;
    }
}
