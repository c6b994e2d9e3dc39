using Kechuang.BuildingBlocks.Messaging;
using Marten;
using MassTransit;

namespace Kechuang.BuildingBlocks.Hosting;

/// <summary>What a service tells the platform about itself in its <c>Add&lt;Service&gt;()</c>.</summary>
public sealed class KechuangServiceOptions
{
    /// <summary>Its Marten configuration: aggregates, projections, indexes.</summary>
    public Action<StoreOptions> Marten { get; set; } = _ => { };

    /// <summary>Its consumers of other services' integration events.</summary>
    public Action<IBusRegistrationConfigurator> Consumers { get; set; } = _ => { };

    /// <summary>Which of its domain events it publishes, and as what.</summary>
    public IntegrationEventMap IntegrationEvents { get; } = new();
}
