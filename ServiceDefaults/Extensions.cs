using Kechuang.ServiceDefaults.Logging;
using Kechuang.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Logging.Console;
using Npgsql;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every Kechuang process shares: telemetry over OTLP, health endpoints, service discovery,
/// resilient HTTP clients and RFC 9457 problem details.
/// </summary>
public static class ServiceDefaultsExtensions
{
    public const string ReadyTag = "ready";
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";

    /// <summary>Activity sources and meters of the libraries every service uses.</summary>
    public static readonly string[] TelemetrySources = ["Marten", "MassTransit", "Npgsql", "Kechuang"];

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.AddProblemDetails();
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });
        return builder;
    }

    /// <summary>
    /// Log levels every process starts from. The framework's per-request lines (request
    /// starting/finished, endpoint executing/executed, YARP's proxying lines) would be several
    /// lines a request, each formatted, masked and exported; traces and the request-duration
    /// metrics already say the same. These are defaults only: appsettings or the environment
    /// (<c>Logging__LogLevel__Microsoft.AspNetCore=Information</c>) override them.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> LogLevelDefaults = new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Yarp.ReverseProxy.Forwarder.HttpForwarder"] = "Warning",
    };

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = LogLevelDefaults });
        builder.Logging.Configure(o => o.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
            logging.AddProcessor(new MaskingLogProcessor());
        });
        builder.Logging.AddConsole(o => o.FormatterName = JsonLineFormatter.Name)
            .AddConsoleFormatter<JsonLineFormatter, ConsoleFormatterOptions>();

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(TelemetrySources)
                .AddMeter("Kechuang.*"))
            .WithTracing(tracing => tracing
                .SetSampler(new WorkSampler(
                    builder.Configuration.GetValue(WorkSampler.RatioKey, 0d),
                    builder.Configuration.GetValue(WorkSampler.WorkRatioKey, 1d),
                    builder.Configuration.GetValue(WorkSampler.EdgeKey, false)))
                .AddSource(builder.Environment.ApplicationName)
                .AddSource(TelemetrySources)
                .AddSource("Kechuang.*")
                .AddAspNetCoreInstrumentation(o =>
                {
                    // Health probes would drown the traces operators actually look at.
                    o.Filter = ctx => !ctx.Request.Path.StartsWithSegments("/health");
                    o.EnrichWithHttpResponse = OperationRoute.Enrich;
                })
                .AddHttpClientInstrumentation()
                .AddNpgsql());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }
        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        return builder;
    }

    /// <summary>
    /// <c>/health/live</c>: the process answers (restart it if not). <c>/health/ready</c>: its
    /// dependencies (PostgreSQL, RabbitMQ) answer too (send it traffic only then). Both are mapped
    /// in every environment: orchestrators and the gateway rely on them.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(LivePath, new HealthCheckOptions
        {
            Predicate = r => r.Tags.Contains("live"),
            ResponseWriter = HealthResponse.WriteAsync,
        }).DisableHttpMetrics();
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions
        {
            Predicate = r => r.Tags.Contains("live") || r.Tags.Contains(ReadyTag),
            ResponseWriter = HealthResponse.WriteAsync,
        }).DisableHttpMetrics();
        return app;
    }
}
