using Kechuang.BuildingBlocks.Http;
using Kechuang.Gateway.Health;
using Kechuang.Gateway.Routing;

namespace Kechuang.Gateway;

public static class GatewayExtensions
{
    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults();
        var services = builder.Services;
        services.ConfigureHttpJsonOptions(o => Json.Configure(o.SerializerOptions));
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemCodes.AddCode);
        services.AddExceptionHandler<ProblemExceptionHandler>();

        services.AddReverseProxy()
            .LoadFromMemory(ServiceRoutes.Routes(), ServiceRoutes.Clusters())
            .AddServiceDiscoveryDestinationResolver();
        ServiceReadiness.AddAll(services);
        return builder;
    }

    public static WebApplication UseGateway(this WebApplication app)
    {
        app.UseMiddleware<CorrelationId>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapDefaultEndpoints();
        app.MapReverseProxy();
        app.MapFallback(() => Problems.Of(StatusCodes.Status404NotFound, "route_not_found",
            "No such route.", "See /openapi/v1.json for the routes of API v1."));
        return app;
    }
}
