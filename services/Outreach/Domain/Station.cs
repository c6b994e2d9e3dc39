using JasperFx;
using Kechuang.BuildingBlocks.Domain;

namespace Kechuang.Outreach.Domain;

/// <summary>A rural science-education service station (乡村科教服务站) was set up, hosted by a local organisation.</summary>
public sealed record StationEstablished(
    Guid StationId, string Name, string Province, string City, string County, string Address, string HostOrganization,
    Actor By, DateTimeOffset At) : IDomainEvent;

public sealed record Station(
    Guid Id, string Name, string Province, string City, string County, string Address, string HostOrganization,
    DateTimeOffset EstablishedAt) : ILongVersioned
{
    public long Version { get; set; }

    public static Station Create(StationEstablished e) =>
        new(e.StationId, e.Name, e.Province, e.City, e.County, e.Address, e.HostOrganization, e.At);
}
