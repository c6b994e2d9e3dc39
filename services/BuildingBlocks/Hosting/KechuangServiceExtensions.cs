using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using Kechuang.BuildingBlocks.Http;
using Kechuang.BuildingBlocks.Messaging;
using Kechuang.BuildingBlocks.Operations;
using Kechuang.BuildingBlocks.Persistence;
using Kechuang.BuildingBlocks.Security;
using Kechuang.ServiceDefaults.Logging;
using Kechuang.ServiceDefaults.Telemetry;
using Marten;
using MassTransit;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Weasel.Core;

namespace Kechuang.BuildingBlocks.Hosting;

/// <summary>
/// One call gives a service everything the platform shares: service defaults, JSON and problem
/// conventions, the gateway-issued identity, its own PostgreSQL database through Marten, the
/// RabbitMQ bus, and the event bridge that publishes its integration events.
/// </summary>
public static class KechuangServiceExtensions
{
    public static WebApplicationBuilder AddKechuangService(
        this WebApplicationBuilder builder, string name, Action<KechuangServiceOptions> configure)
    {
        var options = new KechuangServiceOptions();
        configure(options);
        var service = builder.AddKechuangPlatform(name);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestLineSize = RequestTargets.ServiceLineLimit);

        var identity = new InternalIdentity(builder.Configuration[InternalIdentity.ConfigurationKey] ?? "");
        builder.Services.AddSingleton(identity);
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
        {
            o.MapInboundClaims = false;
            o.TokenValidationParameters = identity.ValidationParameters;
            // Token lifetimes are wall-clock time, whatever domain clock the service is given.
            o.TimeProvider = TimeProvider.System;
        });
        builder.Services.AddAuthorization();

        builder.AddKechuangBus(service, options);
        builder.AddKechuangStore(service, options);
        return builder;
    }

    /// <summary>
    /// What every Kechuang process shares apart from identity and data: service defaults, JSON
    /// and problem conventions, the clock, OpenAPI.
    /// </summary>
    public static ServiceIdentity AddKechuangPlatform(this WebApplicationBuilder builder, string name)
    {
        var services = builder.Services;
        var service = new ServiceIdentity(name);

        builder.AddServiceDefaults();
        services.AddSingleton(service);
        services.TryAddSingleton(TimeProvider.System);

        services.ConfigureHttpJsonOptions(o => RequestJson.Configure(o.SerializerOptions));
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemCodes.AddCode);
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddRequestBinding();
        // Unreadable bodies (malformed JSON, unknown enum values) reach ProblemExceptionHandler,
        // which answers them with field errors like any other invalid input.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddOpenApi(o => o
            .AddDocumentTransformer((doc, _, _) =>
            {
                doc.Info.Title = $"Kechuang {name}";
                return Task.CompletedTask;
            })
            .AddOperationTransformer(OpenApiMarkers.MarkAsync)
            .AddOperationTransformer(OpenApiRequestExamples.WriteAsync)
            .AddSchemaTransformer(OpenApiSchemas.TypePrimitivesAsync)
            .AddSchemaTransformer(SchemaLimits.StateAsync));
        return service;
    }

    /// <summary>The middleware and endpoints every service has, before its own API.</summary>
    public static WebApplication UseKechuangService(this WebApplication app)
    {
        app.UseMiddleware<CorrelationIdMiddleware>();
        app.Use(OperationRoute.AnnounceAsync);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<InputGuard>();
        app.MapOpenApi().AllowAnonymous();
        app.MapDefaultEndpoints();
        app.MapOperations();
        return app;
    }

    /// <summary>MassTransit on RabbitMQ (<c>ConnectionStrings:rabbitmq</c>) with the service's consumers.</summary>
    public static void AddKechuangBus(this WebApplicationBuilder builder, ServiceIdentity service, KechuangServiceOptions options)
    {
        var connection = builder.Configuration.GetConnectionString("rabbitmq")
            ?? throw new InvalidOperationException("ConnectionStrings:rabbitmq is not configured.");
        var retry = builder.Configuration.GetSection("Kechuang:Messaging");
        var retryLimit = retry.GetValue("RetryLimit", 5);
        var retryMin = TimeSpan.FromMilliseconds(retry.GetValue("RetryMinMs", 200));
        var retryMax = TimeSpan.FromMilliseconds(retry.GetValue("RetryMaxMs", 5000));

        builder.Services.AddSingleton<QueueRegistry>();
        builder.Services.AddReceiveEndpointObserver(sp => sp.GetRequiredService<QueueRegistry>());
        builder.Services.AddSingleton<ErrorQueues>();
        builder.Services.AddMassTransit(x =>
        {
            x.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(service.Name, includeNamespace: false));
            options.Consumers(x);
            x.AddConfigureEndpointsCallback((_, endpoint) =>
            {
                RequeueWhenStopping.Configure(endpoint);
                // Quorum queues (their _error queues take the same arguments): replicated across a
                // RabbitMQ cluster's nodes, so a consumer's queue survives the loss of one; a single
                // node runs them too. Replicas of a service compete on the one queue.
                if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit) rabbit.SetQuorumQueue();
            });
            x.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(new Uri(connection));
                // Transient faults are retried with backoff; what still fails lands in the
                // endpoint's _error queue, where an operator can inspect and replay it.
                cfg.UseConsumeFilter(typeof(CorrelationConsumeFilter<>), context);
                cfg.UseMessageRetry(r => r.Exponential(retryLimit, retryMin, retryMax, retryMin));
                cfg.ConfigureEndpoints(context);
            });
        });
    }

    /// <summary>
    /// Marten on the service's own database (<c>ConnectionStrings:&lt;name&gt;-db</c>), with the async
    /// daemon and, when the service maps integration events, the event bridge.
    /// </summary>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression AddKechuangStore(
        this WebApplicationBuilder builder, ServiceIdentity service, KechuangServiceOptions options)
    {
        var connectionName = $"{service.Name}-db";
        var replica = ReplicaName.For(builder.Configuration, service.Name);
        // Every connection names its replica (application_name), the daemon's lock holders too.
        var connection = replica.Tag(builder.Configuration.GetConnectionString(connectionName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{connectionName} is not configured."), service.Name);

        var marten = builder.Services.AddMarten(opts =>
            {
                opts.Connection(connection);
                opts.DatabaseSchemaName = service.Name;
                opts.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
                opts.Events.StreamIdentity = StreamIdentity.AsGuid;
                opts.Events.MetadataConfig.HeadersEnabled = true;
                // Wake the daemon on commit instead of polling: event lag in milliseconds, not a second.
                opts.Events.UseListenNotifyForEventAppends = true;
                opts.Projections.StaleSequenceThreshold = TimeSpan.FromSeconds(1);
                opts.Projections.DaemonLockId = StableLockId(service.Name);
                // How often a replica that does not run a shard asks for its lock: the takeover after
                // a leader dies takes up to this (5 s by default), at one lock query per shard per poll.
                opts.Projections.LeadershipPollingTime = builder.Configuration.GetValue("Kechuang:Daemon:LeadershipPollingMs", 1000);
                opts.Storage.ExtendedSchemaObjects.Add(ProjectionRebuilds.Table(service.Name));
                opts.Projections.AsyncListeners.Add(new EventTraceLinks());
                opts.Schema.For<ProcessedMessage>().DatabaseSchemaName(service.Name);
                opts.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
                options.Marten(opts);
            })
            .BuildSessionsWith<TracedSessionFactory>()
            .AddAsyncDaemon(DaemonMode.HotCold);
        SchemaOnStartup.Register(builder.Services, new SchemaOnStartup.Target(connection, SchemaOnStartup.LockIdFor(service.Name)));

        builder.Services.AddSingleton(options.IntegrationEvents);
        if (!options.IntegrationEvents.IsEmpty)
        {
            marten.AddSubscriptionWithServices<EventBridge>(ServiceLifetime.Singleton, o =>
            {
                o.Options.BatchSize = 50;
                foreach (var type in options.IntegrationEvents.DomainEventTypes) o.IncludeType(type);
            });
        }

        builder.Services.AddSingleton(replica);
        builder.Services.AddSingleton(new DaemonLeadership.Target(connection));
        builder.Services.AddSingleton<DaemonLeadership>();
        builder.Services.AddSingleton(new ProjectionRebuilds.Target(connection, service.Name));
        builder.Services.AddSingleton<ProjectionRebuilds>();
        builder.Services.AddHostedService<RebuildRelay>();
        builder.Services.AddSingleton<BridgeMonitor>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<BridgeMonitor>());
        builder.Services.AddHealthChecks().AddCheck<PostgresHealthCheck>("postgresql", tags: [ServiceDefaultsExtensions.ReadyTag]);
        builder.Services.AddSingleton(new PostgresHealthCheck.Target(connection));
        return marten;
    }

    /// <summary>Each service elects its own daemon leader, even when services share a database server.</summary>
    private static int StableLockId(string name)
    {
        var hash = 17;
        foreach (var c in name) hash = unchecked(hash * 31 + c);
        return 44_440_000 + Math.Abs(hash % 10_000);
    }
}
