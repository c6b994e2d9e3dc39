using System.Collections.Concurrent;
using System.Diagnostics;
using JasperFx.Events;
using Marten;
using Marten.Services;

namespace Kechuang.BuildingBlocks.Persistence;

/// <summary>
/// The async daemon processes a page of events in a trace of its own
/// (<c>marten.&lt;shard&gt;.page.execution</c>, tagged with the page's <c>event.floor</c> and
/// <c>event.ceiling</c>). This links that span to the trace of each request that appended one of
/// its events (the context <see cref="TracedSessionFactory"/> wrote into the event's headers), so
/// an operator goes from a request to the background work it caused. A subscription (the event
/// bridge) runs inside the page's span and links each event at once (<see cref="LinkToCurrentPage"/>).
/// A projection applies its events outside that span, so it <see cref="Remember"/>s each event's
/// context, and this store's daemon listener links them when the page commits, inside the span.
/// One instance per store: sequences are the store's own.
/// </summary>
public sealed class EventTraceLinks : IChangeListener
{
    /// <summary>A page links to at most this many distinct traces (a rebuild's page can hold hundreds).</summary>
    public const int MaxLinks = 32;

    private const string PageSpanSuffix = ".page.execution";
    private const int Remembered = 4096;

    private readonly ConcurrentDictionary<long, ActivityContext> _appended = new();
    private readonly Lock _pruning = new();

    /// <summary>The instance of the store <paramref name="options"/> configure, for its projections.</summary>
    public static EventTraceLinks Of(StoreOptions options) => options.Projections.AsyncListeners.OfType<EventTraceLinks>().Single();

    /// <summary>Called by a projection for each event it applies; linked when the page commits.</summary>
    public void Remember(IEvent @event)
    {
        if (!TryAppendedBy(@event, out var appended)) return;
        _appended[@event.Sequence] = appended;
        if (_appended.Count > Remembered) Prune();
    }

    /// <summary>Links the daemon's current page span, if this runs inside one, to the trace that appended <paramref name="event"/>.</summary>
    public static void LinkToCurrentPage(IEvent @event)
    {
        if (CurrentPage() is { } page && TryAppendedBy(@event, out var appended)) Link(page, appended);
    }

    public Task BeforeCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        if (CurrentPage() is { } page && page.GetTagItem("event.floor") is { } floorTag && page.GetTagItem("event.ceiling") is { } ceilingTag)
        {
            var (floor, ceiling) = (Convert.ToInt64(floorTag), Convert.ToInt64(ceilingTag));
            foreach (var (sequence, appended) in _appended)
            {
                if (sequence > floor && sequence <= ceiling) Link(page, appended);
            }
        }
        return Task.CompletedTask;
    }

    public Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token) => Task.CompletedTask;

    private static Activity? CurrentPage() =>
        Activity.Current is { Recorded: true } page && page.OperationName.EndsWith(PageSpanSuffix, StringComparison.Ordinal) ? page : null;

    private static bool TryAppendedBy(IEvent @event, out ActivityContext appended) =>
        ActivityContext.TryParse(@event.GetHeader(EventHeaders.TraceParent)?.ToString(), null, out appended);

    private static void Link(Activity page, ActivityContext appended)
    {
        // A request the sampler dropped left no trace to link to.
        if (appended.TraceId == page.TraceId || !appended.TraceFlags.HasFlag(ActivityTraceFlags.Recorded)) return;
        var count = 0;
        foreach (var link in page.Links)
        {
            if (link.Context.TraceId == appended.TraceId || ++count >= MaxLinks) return;
        }
        page.AddLink(new ActivityLink(appended));
    }

    // Several projections may need the same event's context, so entries stay until the oldest
    // half is dropped; a page is applied moments after its events are, long before that.
    private void Prune()
    {
        lock (_pruning)
        {
            var excess = _appended.Count - Remembered / 2;
            if (excess <= 0) return;
            foreach (var sequence in _appended.Keys.Order().Take(excess)) _appended.TryRemove(sequence, out _);
        }
    }
}
