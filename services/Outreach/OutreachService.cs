using Kechuang.BuildingBlocks.Hosting;

namespace Kechuang.Outreach;

/// <summary>The outreach service: its store, its messages and its API.</summary>
public static class OutreachService
{
    public const string Name = "outreach";

    /// <summary>Names this assembly for test hosts (<c>WebApplicationFactory&lt;Marker&gt;</c>).</summary>
    public sealed class Marker;

    public static WebApplicationBuilder AddOutreach(this WebApplicationBuilder builder) =>
        builder.AddKechuangService(Name, _ => { });

    public static WebApplication MapOutreachApi(this WebApplication app)
    {
        app.MapGroup("/api/v1").RequireAuthorization();
        return app;
    }
}
