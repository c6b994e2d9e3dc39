using System.Diagnostics;
using Kechuang.BuildingBlocks.Messaging;
using Marten;
using Marten.Services;

namespace Kechuang.BuildingBlocks.Persistence;

/// <summary>
/// Lightweight sessions (no identity map: aggregates are immutable records) whose events carry
/// the W3C trace context of the work that appended them, so the event bridge can continue the
/// same trace when it publishes them.
/// </summary>
public sealed class TracedSessionFactory(IDocumentStore store) : SessionFactoryBase(store)
{
    public override SessionOptions BuildOptions() => new() { Tracking = DocumentTracking.None };

    public override void ApplyMetadata(IDocumentSession documentSession) => Stamp(documentSession);

    public static void Stamp(IDocumentSession session)
    {
        if (Activity.Current is { } activity) session.SetHeader(MessageHeaders.TraceParent, activity.Id!);
    }
}
