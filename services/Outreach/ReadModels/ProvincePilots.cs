using JasperFx.Events;
using Kechuang.BuildingBlocks.Persistence;
using Kechuang.Outreach.Domain;
using Marten.Events.Projections;

namespace Kechuang.Outreach.ReadModels;

/// <summary>A designated pilot (试点单位 / 试点城市) as the coverage of its province shows it.</summary>
public sealed record PilotEntry(Guid PilotId, PilotKind Kind, string Name, string? City, DateTimeOffset DesignatedAt);

/// <summary>The pilot units and pilot cities of one province (<see cref="Id"/> is the province).</summary>
public sealed record ProvincePilots(string Id, IReadOnlyList<PilotEntry> Pilots)
{
    public int Count(PilotKind kind) => Pilots.Count(p => p.Kind == kind);
}

/// <summary>Builds <see cref="ProvincePilots"/> from the designations received, asynchronously and rebuildably.</summary>
public sealed class ProvincePilotsProjection : MultiStreamProjection<ProvincePilots, string>
{
    public const string ProjectionName = "province-pilots";

    private readonly EventTraceLinks _traces;

    /// <param name="traces">Links the daemon's page to the requests that appended its events.</param>
    public ProvincePilotsProjection(EventTraceLinks traces)
    {
        _traces = traces;
        Name = ProjectionName;
        Identity<PilotDesignationReceived>(e => e.Province);
    }

    public override ProvincePilots? Evolve(ProvincePilots? snapshot, string id, IEvent e)
    {
        _traces.Remember(e);
        if (e.Data is not PilotDesignationReceived p) return snapshot;
        var pilots = snapshot ?? new ProvincePilots(id, []);
        if (pilots.Pilots.Any(x => x.PilotId == p.PilotId)) return pilots;
        return pilots with { Pilots = [.. pilots.Pilots, new PilotEntry(p.PilotId, p.Kind, p.Name, p.City, p.DesignatedAt)] };
    }
}
