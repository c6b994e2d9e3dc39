using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kechuang.Gateway;
using Kechuang.TestKit;
using Microsoft.AspNetCore.Hosting;
using Xunit;

namespace Kechuang.CrossService.Tests;

/// <summary>
/// What an operator sees of one request that causes a cross-service event: one trace from the
/// gateway, through the owning service and its event bridge, to the consumer in another service;
/// and the consumer's event-lag histogram gets a value. The gateway forwards with its real YARP
/// forwarder to the Experts and Training services listening on loopback sockets, so a forwarder
/// that dropped the trace context would split the trace. Every host runs in this process, so the
/// test listens to the spans and instruments directly (as the OTLP exporter would).
/// </summary>
public sealed class TracingAcrossServicesTests : IAsyncLifetime
{
    private readonly ConcurrentBag<Activity> _spans = [];
    private readonly ConcurrentBag<(string Consumer, double Lag)> _lags = [];
    private ActivityListener? _spanListener;
    private MeterListener? _meterListener;
    private RoutedGateway? _gateway;
    private Uri? _vhost;
    private ServiceFactory<Experts.ExpertsService.Marker>? _experts;
    private ServiceFactory<Training.TrainingService.Marker>? _training;

    public async ValueTask InitializeAsync()
    {
        _spanListener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Add,
        };
        ActivitySource.AddActivityListener(_spanListener);
        _meterListener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name == "kechuang.event.lag") listener.EnableMeasurementEvents(instrument);
            },
        };
        _meterListener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
                if (tag.Key == "consumer") _lags.Add((tag.Value?.ToString() ?? "", value));
        });
        _meterListener.Start();

        _vhost = await TestInfrastructure.CreateVhostAsync("tracing");
        _experts = await OnSocket<Experts.ExpertsService.Marker>(Experts.ExpertsService.Name);
        _training = await OnSocket<Training.TrainingService.Marker>(Training.TrainingService.Name);
        _gateway = new RoutedGateway(new Dictionary<string, Uri>
        {
            ["experts"] = _experts.SocketAddress,
            ["training"] = _training.SocketAddress,
        }, _vhost);
        await _gateway.InitializeAsync();
    }

    private async Task<ServiceFactory<T>> OnSocket<T>(string name) where T : class
    {
        var factory = new ServiceFactory<T>(name, await TestInfrastructure.CreateDatabaseAsync(name), _vhost).OnLoopbackSocket();
        await factory.InitializeAsync();
        return factory;
    }

    public async ValueTask DisposeAsync()
    {
        _spanListener?.Dispose();
        _meterListener?.Dispose();
        if (_gateway is not null) await _gateway.DisposeAsync();
        foreach (var service in new IAsyncDisposable?[] { _experts, _training })
            if (service is not null) await service.DisposeAsync();
        foreach (var database in new[] { _experts?.Database, _training?.Database })
            if (database is not null) await TestInfrastructure.DropDatabaseAsync(database);
        if (_vhost is not null) await TestInfrastructure.DeleteVhostAsync(_vhost);
    }

    [Fact]
    public async Task Vetting_an_expert_through_the_gateway_is_one_trace_to_the_training_consumer_and_its_lag_is_measured()
    {
        var centre = await _gateway!.ClientAsync("centre");
        var registered = await centre.PostAsJsonAsync("/api/v1/experts", new
        {
            name = "周教授",
            affiliation = "北京师范大学",
            title = "教授",
            disciplines = new[] { "科学教育" },
            topics = new[] { "science-investigation" },
            provinces = new[] { "北京市" },
            phone = "13800138000",
            email = "zhou@example.edu.cn",
            bio = "教师培训专家。",
            maxVisitsPerMonth = 2,
            trainer = true,
        });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var expertId = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        using var vetting = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/experts/{expertId}/vetting")
        {
            Content = JsonContent.Create(new { decision = "approve", comment = "同意" }),
        };
        var vetted = await centre.SendAsync(vetting);
        Assert.Equal(HttpStatusCode.OK, vetted.StatusCode);

        // The trace of the gateway's server span for the vetting request.
        var gatewaySpan = await Eventually.Until(() => Task.FromResult(_spans.FirstOrDefault(s =>
                s.Kind == ActivityKind.Server && s.GetTagItem("url.path")?.ToString() == $"/api/v1/experts/{expertId}/vetting"
                && s.ParentSpanId == default)),
            s => s is not null, because: "the request's server spans were recorded");
        var traceId = gatewaySpan!.TraceId;

        var consumed = await Eventually.Until(() => Task.FromResult(_spans.FirstOrDefault(s =>
                s.TraceId == traceId && s.Kind == ActivityKind.Consumer && s.Source.Name == "MassTransit"
                && (s.DisplayName.Contains("training", StringComparison.OrdinalIgnoreCase)
                    || s.GetTagItem("messaging.destination.name")?.ToString()?.StartsWith("training-", StringComparison.Ordinal) == true))),
            s => s is not null, TimeSpan.FromSeconds(30), "Training consumed ExpertVetted in the request's trace");

        // The Experts service's own server span (its host, a real socket away) is a child of the gateway's trace.
        Assert.Contains(_spans, s => s.TraceId == traceId && s.Kind == ActivityKind.Server && s != gatewaySpan
            && s.ParentSpanId != default && s.GetTagItem("server.port")?.ToString() == _experts!.SocketAddress.Port.ToString(CultureInfo.InvariantCulture));
        Assert.Contains(_spans, s => s.TraceId == traceId && s.Kind == ActivityKind.Client && s.GetTagItem("server.port")?.ToString() == _experts!.SocketAddress.Port.ToString(CultureInfo.InvariantCulture));
        Assert.Contains(_spans, s => s.TraceId == traceId && s.Source.Name == "Kechuang.Messaging");
        Assert.Contains(_spans, s => s.TraceId == traceId && s.Kind == ActivityKind.Producer);
        Assert.NotNull(consumed);

        await Eventually.True(() => Task.FromResult(_lags.Any(l => l.Consumer == "ExpertVettedConsumer")),
            because: "the Training consumer recorded the event's lag");
        Assert.All(_lags.Where(l => l.Consumer == "ExpertVettedConsumer"), l => Assert.True(l.Lag >= 0));
    }

    /// <summary>
    /// The gateway in process with its real forwarder: each service's cluster destination is the
    /// address the service listens on.
    /// </summary>
    private sealed class RoutedGateway(IReadOnlyDictionary<string, Uri> services, Uri vhost)
        : ServiceFactory<GatewayExtensions.Marker>(GatewayExtensions.Name, null, null)
    {
        private const string AdminKey = "tracing-tests-admin-key";
        private readonly Uri _vhost = vhost;

        public override async ValueTask InitializeAsync()
        {
            With("Kechuang:BootstrapAdminKey", AdminKey);
            foreach (var (service, address) in services) With($"Services:{service}:http:0", address.ToString().TrimEnd('/'));
            // The services this trace does not reach: a loopback port nothing listens on.
            foreach (var service in new[] { "applications", "resources", "outreach" }.Except(services.Keys))
                With($"Services:{service}:http:0", "http://127.0.0.1:9");
            await base.InitializeAsync();
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            // Publish and consume on the platform's vhost, like every other service.
            builder.UseSetting("ConnectionStrings:rabbitmq", _vhost.ToString());
        }

        public async Task<HttpClient> ClientAsync(string role)
        {
            var admin = CreateClient();
            admin.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
            var created = await (await admin.PostAsJsonAsync("/api/v1/api-keys", new { name = role, role })).Content.ReadFromJsonAsync<JsonElement>();
            var client = CreateClient();
            client.DefaultRequestHeaders.Add("X-Api-Key", created.GetProperty("key").GetString());
            return client;
        }
    }
}
