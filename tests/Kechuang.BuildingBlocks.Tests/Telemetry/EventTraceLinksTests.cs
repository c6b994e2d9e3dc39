using System.Diagnostics;
using JasperFx.Events;
using Kechuang.BuildingBlocks.Messaging;
using Kechuang.BuildingBlocks.Persistence;
using Xunit;

namespace Kechuang.BuildingBlocks.Tests.Telemetry;

/// <summary>
/// How the daemon's page span links to the requests that appended its events: a subscription
/// links inside the page, a projection's events are linked when the page commits, only those of
/// the page's own range, each trace once, at most <see cref="EventTraceLinks.MaxLinks"/>.
/// </summary>
public sealed class EventTraceLinksTests : IDisposable
{
    private readonly ActivitySource _source = new($"Kechuang.Tests.{Guid.NewGuid():N}");
    private readonly ActivityListener _listener;

    public EventTraceLinksTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s == _source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _source.Dispose();
    }

    private static (IEvent Event, ActivityTraceId Trace) Appended(long sequence, ActivityTraceId? trace = null)
    {
        var traceId = trace ?? ActivityTraceId.CreateRandom();
        var e = new Event<string>("站点已设立") { Sequence = sequence };
        e.SetHeader(MessageHeaders.TraceParent, $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        return (e, traceId);
    }

    private Activity Page(string shard, long floor, long ceiling)
    {
        var page = _source.StartActivity($"marten.{shard}.all.page.execution", ActivityKind.Internal, default(ActivityContext))!;
        page.SetTag("event.floor", floor);
        page.SetTag("event.ceiling", ceiling);
        return page;
    }

    private static List<ActivityTraceId> Links(Activity page) => [.. page.Links.Select(l => l.Context.TraceId)];

    [Fact]
    public void A_subscription_links_its_page_to_each_distinct_request_once()
    {
        var first = Appended(1);
        var sameRequest = Appended(2, first.Trace);
        var second = Appended(3);
        using var page = Page("integration-events", 0, 3);

        foreach (var e in new[] { first, sameRequest, second }) EventTraceLinks.LinkToCurrentPage(e.Event);

        Assert.Equal([first.Trace, second.Trace], Links(page));
    }

    [Fact]
    public void Outside_a_page_span_nothing_is_linked()
    {
        using var request = _source.StartActivity("POST /api/v1/stations", ActivityKind.Server)!;
        EventTraceLinks.LinkToCurrentPage(Appended(1).Event);
        Assert.Empty(request.Links);
    }

    [Fact]
    public async Task A_projection_page_links_the_events_of_its_own_range_when_it_commits()
    {
        var links = new EventTraceLinks();
        var before = Appended(4);
        var inRange = new[] { Appended(5), Appended(6) };
        var after = Appended(7);
        foreach (var e in new[] { before, inRange[0], inRange[1], after }) links.Remember(e.Event);

        using var page = Page("county-coverage", 4, 6);
        await links.BeforeCommitAsync(null!, null!, TestContext.Current.CancellationToken);

        Assert.Equal(inRange.Select(e => e.Trace).ToHashSet(), Links(page).ToHashSet());
        Assert.Equal(2, page.Links.Count());
    }

    [Fact]
    public void A_page_links_at_most_the_limit()
    {
        using var page = Page("integration-events", 0, 100);
        for (var sequence = 1; sequence <= 100; sequence++) EventTraceLinks.LinkToCurrentPage(Appended(sequence).Event);
        Assert.Equal(EventTraceLinks.MaxLinks, page.Links.Count());
    }

    [Fact]
    public async Task Remembered_events_are_bounded_and_the_newest_are_kept()
    {
        var links = new EventTraceLinks();
        for (var sequence = 1; sequence <= 10_000; sequence++) links.Remember(Appended(sequence).Event);
        var newest = Appended(10_001);
        links.Remember(newest.Event);

        using (var oldest = Page("county-coverage", 0, 1))
        {
            await links.BeforeCommitAsync(null!, null!, TestContext.Current.CancellationToken);
            Assert.Empty(oldest.Links);
        }
        using var page = Page("county-coverage", 10_000, 10_001);
        await links.BeforeCommitAsync(null!, null!, TestContext.Current.CancellationToken);
        Assert.Equal([newest.Trace], Links(page));
    }
}
