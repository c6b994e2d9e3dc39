using JasperFx.Events.Projections;
using Kechuang.BuildingBlocks.Hosting;
using Kechuang.BuildingBlocks.Http;
using Kechuang.BuildingBlocks.Operations;
using Kechuang.BuildingBlocks.Security;
using Kechuang.Gateway.Access;
using Kechuang.Gateway.Access.SignIn;
using Kechuang.Gateway.Access.Staff;
using Kechuang.Gateway.Feed;
using Kechuang.Gateway.Health;
using Kechuang.Gateway.Idempotency;
using Kechuang.Gateway.Limits;
using Kechuang.Gateway.OpenApi;
using Kechuang.Gateway.Routing;
using Kechuang.Gateway.Webhooks;
using Kechuang.Gateway.Webhooks.Dispatch;
using Kechuang.Gateway.Webhooks.Egress;
using Kechuang.ServiceDefaults.Logging;
using Kechuang.ServiceDefaults.Telemetry;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Scalar.AspNetCore;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Transforms;

namespace Kechuang.Gateway;

/// <summary>
/// The gateway: one public <c>/api/v1</c> surface over the five services (YARP), who is calling
/// (partner keys, staff tokens), per-partner limits, idempotent POSTs, the merged OpenAPI
/// document, webhooks and the change feed.
/// </summary>
public static class GatewayExtensions
{
    public const string Name = "gateway";
    public const string DashboardCors = "dashboard";

    /// <summary>Names this assembly for test hosts (<c>WebApplicationFactory&lt;Marker&gt;</c>).</summary>
    public sealed class Marker;

    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder)
    {
        // The edge: callers' sampling flags are not believed (README "Telemetry").
        builder.Configuration.AddInMemoryCollection([new(WorkSampler.EdgeKey, "true")]);
        var service = builder.AddKechuangPlatform(Name);
        builder.AddRequestLineLimit();
        var services = builder.Services;
        var configuration = builder.Configuration;
        Authenticator.RefusePublishedKeyOutsideDevelopment(configuration["Kechuang:BootstrapAdminKey"], builder.Environment,
            configuration.GetValue(Authenticator.DevelopmentAppHostKey, false));

        var options = new KechuangServiceOptions
        {
            Marten = m =>
            {
                m.Schema.For<ApiKey>().UniqueIndex(k => k.Hash);
                m.Schema.For<StaffUser>().UniqueIndex(u => u.Username).UseOptimisticConcurrency(true);
                m.Storage.ExtendedSchemaObjects.Add(SignInGuard.Table(m.DatabaseSchemaName));
                m.Schema.For<IdempotencyRecord>();
                m.Schema.For<Webhook>().UseOptimisticConcurrency(true);
                m.Schema.For<WebhookDelivery>().Index(d => d.NextAttemptAt);
                m.Events.AddEventType<IntegrationEventReceived>();
            },
            Consumers = x => x.AddConsumer<IntegrationEventRecorder>(),
        };
        builder.AddKechuangBus(service, options);
        builder.AddKechuangStore(service, options)
            .AddSubscriptionWithServices<WebhookFanOut>(ServiceLifetime.Singleton, o => o.Options.BatchSize = 100);

        services.AddMemoryCache();
        services.AddSingleton(new InternalIdentity(configuration[InternalIdentity.ConfigurationKey] ?? ""));
        services.AddClientAddress(configuration);
        services.AddSingleton<AccountStamps>();
        services.AddSingleton<StaffTokens>();
        services.AddSingleton<IPasswordHasher<StaffUser>, PasswordHasher<StaffUser>>();
        services.AddSingleton<StaffPasswords>();
        services.AddSingleton<SignInGuard>();
        services.AddHostedService<SignInFailurePurge>();
        services.AddSingleton<Authenticator>();
        services.AddHostedService<AccessChangeListener>();
        services.AddSingleton<IdentityForwarding>();
        services.AddAuthentication(GatewayAuthentication.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, GatewayAuthentication>(GatewayAuthentication.SchemeName, null);
        services.AddAuthorizationBuilder()
            .SetDefaultPolicy(new AuthorizationPolicyBuilder(GatewayAuthentication.SchemeName).RequireAuthenticatedUser().Build());
        services.AddRequestLimits(configuration);
        services.AddCors(o => o.AddPolicy(DashboardCors, p => p
            .WithOrigins(configuration.GetSection("Kechuang:Cors:Origins").Get<string[]>() ?? [])
            .AllowAnyHeader().AllowAnyMethod()
            .WithExposedHeaders("ETag", "Location", "Retry-After", "X-Correlation-Id", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset")));

        services.AddReverseProxy()
            .LoadFromMemory(ServiceRoutes.Routes(), ServiceRoutes.Clusters(configuration))
            .AddServiceDiscoveryDestinationResolver()
            .AddTransforms(context =>
            {
                if (context.Route.ClusterId == ServiceRoutes.Dashboard)
                {
                    // The dashboard signs its users in itself: no caller credentials, no internal identity.
                    context.AddRequestHeaderRemove(ApiKey.Header);
                    context.AddRequestHeaderRemove("Authorization");
                    return;
                }
                var forwarding = context.Services.GetRequiredService<IdentityForwarding>();
                context.AddRequestTransform(forwarding.ApplyAsync);
                // The service names the operation it ran; the gateway's span takes that name.
                context.AddResponseTransform(response =>
                {
                    if (response.ProxyResponse?.Headers.TryGetValues(OperationRoute.Header, out var route) == true)
                        OperationRoute.Adopt(response.HttpContext, route.First());
                    return ValueTask.CompletedTask;
                });
                context.AddResponseHeaderRemove(OperationRoute.Header);
            });
        services.AddSingleton<Yarp.ReverseProxy.SessionAffinity.ISessionAffinityPolicy, DashboardReplicas.ReplicaAffinity>();
        ServiceReadiness.AddAll(services);
        CachedHealthChecks.Decorate(services);
        services.AddHttpClient(MergedOpenApi.ClientName).AddServiceDiscovery();
        services.AddSingleton<MergedOpenApi>();
        services.AddRequestExamples(OpenApiExamples.Bodies);
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section);
        services.AddSingleton<IWebhookResolver, SystemResolver>();
        services.AddSingleton<WebhookTarget>();
        services.AddSingleton<WebhookHttp>();
        services.AddSingleton<DispatchSignal>();
        services.AddHostedService<WebhookDispatcher>();
        services.AddHostedService<IdempotencyRecordPurge>();
        return builder;
    }

    public static WebApplication UseGateway(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseMiddleware<CorrelationIdMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseSecurityHeaders();
        app.UseCors(DashboardCors);
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseCallerLimits();
        // After the limiter, so a 413 or 414 carries the RateLimit headers (and CORS's) as every other answer does.
        app.UseRequestTargetLimit();
        app.UseBodyLimits();
        app.UseAuthorization();
        app.UseMiddleware<InputGuard>();
        app.UseMiddleware<IdempotentPosts>();

        app.MapDefaultEndpoints();
        app.MapOperations();
        app.MapOpenApi("/openapi/gateway.json").AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/openapi/v1.json", async (MergedOpenApi openApi, HttpRequest request, CancellationToken ct) =>
            Results.Content(await openApi.GetAsync($"{request.Scheme}://{request.Host}", ct), "application/json; charset=utf-8")).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/openapi/ops.json", async (MergedOpenApi openApi, HttpRequest request, CancellationToken ct) =>
            Results.Content(await openApi.GetOperatorsAsync($"{request.Scheme}://{request.Host}", ct), "application/json; charset=utf-8")).AllowAnonymous().ExcludeFromDescription();
        app.MapScalarApiReference("/docs", o => o.WithTitle("Kechuang API v1").WithOpenApiRoutePattern("/openapi/v1.json"))
            .AllowAnonymous();
        app.MapProblemPages();

        app.MapGroup("/api/v1").RequireAuthorization()
            .MapApiKeys()
            .MapStaff()
            .MapSignIn()
            .MapWebhooks()
            .MapFeed();
        app.MapReverseProxy(proxy =>
        {
            proxy.UseDashboardFailover();
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
            proxy.UseForwardingErrorLog();
        });
        // Unknown /api paths get the JSON 404; every other unknown path is the dashboard's (ServiceRoutes).
        app.MapFallback("/api/{**path}", () => Problems.Of(StatusCodes.Status404NotFound, "route_not_found",
            "No such route.", "See /openapi/v1.json for the routes of API v1."));
        return app;
    }
}
