using Kechuang.BuildingBlocks.Hosting;

namespace Kechuang.Experts;

/// <summary>The experts service: its store, its messages and its API.</summary>
public static class ExpertsService
{
    public const string Name = "experts";

    public static WebApplicationBuilder AddExperts(this WebApplicationBuilder builder) =>
        builder.AddKechuangService(Name, _ => { });

    public static WebApplication MapExpertsApi(this WebApplication app)
    {
        app.MapGroup("/api/v1").RequireAuthorization();
        return app;
    }
}
