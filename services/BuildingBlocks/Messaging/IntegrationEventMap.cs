using JasperFx.Events;
using Kechuang.Contracts;

namespace Kechuang.BuildingBlocks.Messaging;

/// <summary>
/// Which domain events leave the service, and as what. Domain events stay inside; only what
/// other services need is mapped to an integration event of <c>services/Contracts</c>.
/// </summary>
public sealed class IntegrationEventMap
{
    private readonly Dictionary<Type, Func<IEvent, IIntegrationEvent?>> _maps = [];

    /// <summary>Publish <typeparamref name="TDomain"/> as what <paramref name="map"/> returns (null: nothing).</summary>
    public IntegrationEventMap Map<TDomain>(Func<TDomain, IEvent, IIntegrationEvent?> map) where TDomain : class
    {
        _maps[typeof(TDomain)] = e => map((TDomain)e.Data, e);
        return this;
    }

    public IReadOnlyCollection<Type> DomainEventTypes => _maps.Keys;

    public bool IsEmpty => _maps.Count == 0;

    public IIntegrationEvent? TryMap(IEvent @event) =>
        _maps.TryGetValue(@event.EventType, out var map) ? map(@event) : null;
}
