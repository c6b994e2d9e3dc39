using Kechuang.Contracts;

namespace Kechuang.BuildingBlocks.Tests.Contracts.Testing;

public sealed record ParcelDispatched(Guid ParcelId, string Label, string? Province, DateTimeOffset OccurredAt) : IIntegrationEvent;

public sealed record PoisonPill(Guid Id, string? Province, DateTimeOffset OccurredAt) : IIntegrationEvent;

public sealed record Reminder(Guid Id, string Text, string? Province, DateTimeOffset OccurredAt) : IIntegrationEvent;
