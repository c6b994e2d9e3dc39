using Kechuang.BuildingBlocks.Domain;

namespace Kechuang.Applications.Applications;

/// <summary>Who reaches the application endpoints at all; scope (own province, own organisation) is checked per record.</summary>
public static class ApplicationRoles
{
    /// <summary>The applicant's side: a unit, its provincial association, the national centre.</summary>
    public static readonly string[] Applicants = [Roles.Unit, Roles.Province, Roles.Centre];

    /// <summary>Applications hold contact details: only the applicant's side and the operators read them.</summary>
    public static readonly string[] Readers = [Roles.Unit, Roles.Province, Roles.Centre, Roles.Operator];
}
