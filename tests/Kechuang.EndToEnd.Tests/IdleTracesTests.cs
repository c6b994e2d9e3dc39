using Kechuang.TestKit;
using Xunit;

namespace Kechuang.EndToEnd.Tests;

/// <summary>
/// What the whole running system exports while nobody asks it anything. The end-to-end tests
/// share the system and run in parallel, so the window holds their requests too: it counts only
/// the background traces — those no request started (no server span, no dashboard user's
/// navigation or click) nor caused (no link to a request's trace) — that did no work (no page of events processed, no message published or
/// consumed): the daemons' polls, leader election, health probes and their queries.
/// </summary>
public sealed class IdleTracesTests(SystemFixture system)
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);
    private static readonly string[] Exporters = ["applications", "resources", "experts", "training", "outreach", "gateway", "dashboard"];

    [Fact]
    public async Task The_running_system_exports_at_most_two_traces_of_idle_background_work_in_ten_seconds()
    {
        var start = DateTimeOffset.UtcNow;
        await Task.Delay(Window, TestContext.Current.CancellationToken);
        var end = DateTimeOffset.UtcNow;

        // The marker: one request to every exporting process after the window. Each exporter sends
        // its spans in the order they ended, so once every marker's span has arrived, every span
        // of that process that started in the window and ended before its marker has too.
        var marker = $"/trace-marker-{Guid.NewGuid():N}";
        foreach (var exporter in Exporters)
        {
            using var client = system.ServiceClient(exporter);
            using var _ = await client.GetAsync(marker, TestContext.Current.CancellationToken);
        }
        await Eventually.Until(() => Task.FromResult(system.Traces.Spans()
                .Where(s => s.Kind == OtlpTraceReceiver.ServerKind && s.Attributes.GetValueOrDefault("url.path") == marker)
                .Select(s => s.Service).ToHashSet()),
            services => services.SetEquals(Exporters), TimeSpan.FromSeconds(30), "every process exports its marker request");

        var traces = system.Traces.Spans().GroupBy(s => s.TraceId).ToDictionary(t => t.Key, t => t.ToList());
        var requests = traces.Where(t => t.Value.Any(IsRequest)).Select(t => t.Key).ToHashSet();
        var background = traces.Values
            .Where(t => t.Min(s => s.Start) is var first && first >= start && first <= end)
            .Where(t => !requests.Contains(t[0].TraceId) && !t.Any(s => s.LinkedTraceIds.Any(requests.Contains)))
            .ToList();
        var idle = background.Where(t => !t.Any(DidWork)).ToList();

        var seen = string.Join("; ", background.Select(t => string.Join(", ", t.OrderBy(s => s.Start).Take(3).Select(s => $"{s.Service} {s.Name}"))));
        Assert.True(idle.Count <= 2,
            $"{idle.Count} idle background traces in {Window.TotalSeconds} s ({background.Count} background traces: {seen})");
    }

    // A request: a server span, or a user's interaction with a dashboard page (Blazor traces a
    // navigation or a click in a circuit as a root of its own, over the circuit's open connection).
    private static bool IsRequest(ExportedSpan span) =>
        span.Kind == OtlpTraceReceiver.ServerKind
        || span.Scope.StartsWith("Microsoft.AspNetCore.Components", StringComparison.Ordinal)
        || (span.Service == "dashboard" && (span.Name.StartsWith("Route ", StringComparison.Ordinal) || span.Name.StartsWith("Event ", StringComparison.Ordinal)));

    // Work by nature, as the sampler sees it: a page of events the async daemon processed, a
    // message published (the bridge) or consumed.
    private static bool DidWork(ExportedSpan span) =>
        span.Name.EndsWith(".page.execution", StringComparison.Ordinal)
        || span.Kind is OtlpTraceReceiver.ProducerKind or OtlpTraceReceiver.ConsumerKind
        || span.Scope.StartsWith("Kechuang", StringComparison.Ordinal);
}
