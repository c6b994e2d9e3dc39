using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Kechuang.BuildingBlocks.Tests.Bridge;
using Kechuang.TestKit;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Xunit;

namespace Kechuang.BuildingBlocks.Tests.Telemetry;

/// <summary>
/// Activity sources are process-wide: any parallel test host would add its own spans to what a
/// tracer provider exports, so these tests run alone.
/// </summary>
[CollectionDefinition(nameof(AloneInTheProcess), DisableParallelization = true)]
public sealed class AloneInTheProcess;

/// <summary>
/// What a service exports as traces, with its async daemon polling and the bridge and a consumer
/// running on real PostgreSQL and RabbitMQ: nothing while idle, the whole trace of real work.
/// </summary>
[Collection(nameof(AloneInTheProcess))]
public sealed class IdleTracesTests : IAsyncLifetime
{
    private static readonly TimeSpan IdleWindow = TimeSpan.FromSeconds(10);

    private readonly List<Activity> _exported = [];
    private string _senderDb = "";
    private string _receiverDb = "";
    private Uri _vhost = null!;
    private MiniService _sender = null!;
    private MiniService _receiver = null!;

    public async ValueTask InitializeAsync()
    {
        _senderDb = await TestInfrastructure.CreateDatabaseAsync("traces-sender");
        _receiverDb = await TestInfrastructure.CreateDatabaseAsync("traces-receiver");
        _vhost = await TestInfrastructure.CreateVhostAsync("traces");
        // One exporter is enough: the tracer provider hears every source of the process.
        _sender = await MiniService.StartAsync(SenderService.Name, _senderDb, _vhost, SenderService.Configure,
            b => b.Services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(_exported)), SenderService.Map);
        _receiver = await MiniService.StartAsync("receiver", _receiverDb, _vhost,
            o => o.Consumers = x => x.AddConsumer<ParcelDispatchedConsumer>());
    }

    public async ValueTask DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _sender.DisposeAsync();
        await TestInfrastructure.DropDatabaseAsync(_senderDb);
        await TestInfrastructure.DropDatabaseAsync(_receiverDb);
        await TestInfrastructure.DeleteVhostAsync(_vhost);
    }

    private List<Activity> Exported()
    {
        lock (_exported) return [.. _exported];
    }

    [Fact]
    public async Task An_idle_service_exports_at_most_two_traces_in_ten_seconds_and_a_request_is_one_whole_trace()
    {
        // Idle: both daemons poll their high-water mark every second, health and leader checks run.
        var before = Exported().Count;
        await Task.Delay(IdleWindow, TestContext.Current.CancellationToken);
        var idleTraces = Exported().Skip(before).Select(a => a.TraceId).Distinct().Count();
        Assert.True(idleTraces <= 2, $"{idleTraces} traces were exported by an idle system in {IdleWindow.TotalSeconds} s");

        // Work: the request, the bridge publishing its event and the consumer are one trace.
        var shipped = await _sender.ClientFor(Actors.Admin).PostAsJsonAsync("/parcels", new { label = "科普资源包" },
            TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, shipped.StatusCode);
        var request = await Eventually.Until(
            () => Task.FromResult(Exported().FirstOrDefault(a => a.Kind == ActivityKind.Server && a.DisplayName == "POST /parcels")),
            a => a is not null, because: "the request's span is exported");
        var trace = await Eventually.Until(
            () => Task.FromResult(Exported().Where(a => a.TraceId == request!.TraceId).ToList()),
            spans => spans.Any(s => s.DisplayName.EndsWith(" bridge", StringComparison.Ordinal))
                && spans.Any(s => s.Kind == ActivityKind.Consumer),
            because: "the bridge's publish and the consumer's handling join the request's trace");
        Assert.Contains(trace, s => s.Kind == ActivityKind.Client && s.Source.Name == "Npgsql");
        await using var session = _receiver.Store.QuerySession();
        Assert.Equal(1, await session.Query<ParcelReceipt>().CountAsync(TestContext.Current.CancellationToken));
    }
}
