using Kechuang.BuildingBlocks.Hosting;

namespace Kechuang.Training;

/// <summary>The training service: its store, its messages and its API.</summary>
public static class TrainingService
{
    public const string Name = "training";

    /// <summary>Names this assembly for test hosts (<c>WebApplicationFactory&lt;Marker&gt;</c>).</summary>
    public sealed class Marker;

    public static WebApplicationBuilder AddTraining(this WebApplicationBuilder builder) =>
        builder.AddKechuangService(Name, _ => { });

    public static WebApplication MapTrainingApi(this WebApplication app)
    {
        app.MapGroup("/api/v1").RequireAuthorization();
        return app;
    }
}
