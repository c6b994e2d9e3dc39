using System.Diagnostics;
using Kechuang.ServiceDefaults.Logging;
using Marten;
using Marten.Services;

namespace Kechuang.BuildingBlocks.Persistence;

/// <summary>
/// Lightweight sessions (no identity map: aggregates are immutable records) whose events carry
/// the W3C trace context and the correlation id of the work that appended them, so the event
/// bridge can continue the same trace (and correlation) when it publishes them.
/// </summary>
public sealed class TracedSessionFactory(IDocumentStore store) : SessionFactoryBase(store)
{
    public override SessionOptions BuildOptions() => new() { Tracking = DocumentTracking.None };

    public override void ApplyMetadata(IDocumentSession documentSession) => Stamp(documentSession);

    public static void Stamp(IDocumentSession session)
    {
        if (Activity.Current is { } activity) session.SetHeader(EventHeaders.TraceParent, activity.Id!);
        if (Correlation.Current is { } correlation) session.SetHeader(EventHeaders.CorrelationId, correlation);
    }
}
