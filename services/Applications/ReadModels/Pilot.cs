using Kechuang.Applications.Domain;
using Kechuang.BuildingBlocks.Http;
using Marten;
using Marten.Events.Projections;

namespace Kechuang.Applications.ReadModels;

/// <summary>A designated pilot unit or pilot city (试点单位/试点城市), as the public list shows it.</summary>
public sealed record Pilot(
    Guid Id, Guid ApplicationId, Guid CallId, int Year, PilotKind Kind, string Name, ApplicantType ApplicantType,
    string Province, string City, string? County, Guid? OrganizationId, DateTimeOffset DesignatedAt);

/// <summary>Each designation becomes a pilot document, in the transaction that designates it (inline).</summary>
public sealed partial class PilotProjection : EventProjection
{
    public void Project(ApplicationDesignated e, IDocumentOperations operations) =>
        operations.Store(new Pilot(e.PilotId, e.ApplicationId, e.CallId, e.Year, e.Kind, e.Name, e.ApplicantType,
            e.Province, e.City, e.County, e.OrganizationId, e.At));
}

public static class Pilots
{
    /// <summary>The pilot a request names in <paramref name="field"/>: required, and a field error when it names no pilot.</summary>
    public static async Task<Pilot?> PilotAsync(this Validator v, string field, Guid? id, IQuerySession session, CancellationToken ct)
    {
        var pilot = v.Required(field, id) ? await session.LoadAsync<Pilot>(id!.Value, ct) : null;
        if (id is not null && pilot is null) v.Add(field, "is not a pilot.");
        return pilot;
    }
}
