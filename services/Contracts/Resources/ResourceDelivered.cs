namespace Kechuang.Contracts.Resources;

/// <summary>
/// A resource or a package was delivered to a school (送到学校), <c>online</c> through a
/// subscription or <c>offline</c> by staff. v1. Outreach counts deliveries to rural schools.
/// </summary>
public sealed record ResourceDelivered(
    Guid DeliveryId,
    Guid? ResourceId,
    Guid? PackageId,
    SchoolRef School,
    string Mode,
    DateTimeOffset DeliveredAt,
    string? Province,
    DateTimeOffset OccurredAt) : IIntegrationEvent;
