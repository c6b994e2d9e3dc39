using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.Gateway.Feed;
using Kechuang.Gateway.Webhooks.Dispatch;
using Marten;
using Marten.Services;
using Marten.Subscriptions;

namespace Kechuang.Gateway.Webhooks;

/// <summary>
/// For each integration event the gateway records, one pending delivery per active webhook that
/// asked for its type, was registered before the event was recorded, and whose owner may see it
/// and still may receive (a revoked key's webhooks get nothing). Runs in the async daemon, so the
/// deliveries are written in the same transaction as the subscription's progress: none lost, none
/// doubled.
/// </summary>
public sealed class WebhookFanOut : SubscriptionBase
{
    private readonly DispatchSignal _signal;

    public WebhookFanOut(DispatchSignal signal)
    {
        _signal = signal;
        Name = "webhook-fan-out";
        IncludeType<IntegrationEventReceived>();
    }

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken ct)
    {
        var hooks = await operations.Query<Webhook>().Where(w => w.DeletedAt == null).ToListAsync(ct);
        var owners = hooks.Count == 0 ? new HashSet<string>() : await WebhookOwners.ActiveAsync(operations, hooks.Select(h => h.Owner), ct);
        var due = (
            from e in page.Events
            where e.Data is IntegrationEventReceived
            let received = (IntegrationEventReceived)e.Data
            from hook in hooks
            where e.Sequence > hook.AfterSequence && owners.Contains(hook.Owner.Id) && hook.EventTypes.Contains(received.Type)
                && EventCatalog.CanSee(hook.Owner, received.Type, received.Province)
            select new WebhookDelivery(DeliveryId(hook.Id, received.MessageId), hook.Id, received.MessageId,
                received.Type, e.Sequence, DeliveryStatus.Pending, e.Timestamp, e.Timestamp, [])).DistinctBy(d => d.Id).ToList();
        // A page the daemon processes again (after a failure or a rebuild) must not reset deliveries
        // the dispatcher has already attempted or made.
        var existing = due.Count == 0 ? []
            : (await operations.LoadManyAsync<WebhookDelivery>(ct, due.Select(d => d.Id))).Select(d => d.Id).ToHashSet();
        var any = false;
        foreach (var delivery in due.Where(d => !existing.Contains(d.Id)))
        {
            operations.Store(delivery);
            any = true;
        }
        return any ? new WakeDispatcher(_signal) : NullChangeListener.Instance;
    }

    internal static Guid DeliveryId(Guid webhook, Guid eventId) => NameBasedGuid.UnversionedMd5($"{webhook:N}/{eventId:N}");

    private sealed class WakeDispatcher(DispatchSignal signal) : IChangeListener
    {
        public Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
        {
            signal.Wake();
            return Task.CompletedTask;
        }

        public Task BeforeCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token) => Task.CompletedTask;
    }
}
