namespace Kechuang.Contracts.Applications;

/// <summary>
/// The national centre designated an application as a pilot (命名试点). v1.
/// <paramref name="Kind"/> is <c>pilot-unit</c> or <c>pilot-city</c>; <paramref name="ApplicantType"/>
/// is the API's applicant type (<c>primary-school</c>, <c>city-association</c>…).
/// </summary>
public sealed record PilotDesignated(
    Guid PilotId,
    Guid ApplicationId,
    Guid CallId,
    string Kind,
    string Name,
    string ApplicantType,
    string Province,
    string? City,
    string? County,
    DateTimeOffset DesignatedAt,
    DateTimeOffset OccurredAt) : IIntegrationEvent;
