namespace Kechuang.Contracts.Applications;

/// <summary>
/// <see cref="PilotDesignated.Kind"/> as the API spells it (the <c>kind</c> of applications and
/// pilots). Pinned to the services' <c>PilotKind</c> enums by Kechuang.CrossService.Tests.
/// </summary>
public static class PilotKinds
{
    /// <summary>试点单位.</summary>
    public const string PilotUnit = "pilot-unit";

    /// <summary>试点城市.</summary>
    public const string PilotCity = "pilot-city";

    public static readonly IReadOnlyList<string> All = [PilotUnit, PilotCity];
}
