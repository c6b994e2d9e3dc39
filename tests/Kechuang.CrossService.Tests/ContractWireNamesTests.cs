using Kechuang.BuildingBlocks.Domain;
using Kechuang.Contracts.Applications;
using Kechuang.Contracts.Experts;
using Xunit;

namespace Kechuang.CrossService.Tests;

/// <summary>
/// Contracts' status and kind lists (what the dashboard offers, what <c>PilotDesignated.Kind</c>
/// carries) are the services' enums as the API spells them, every value in declaration order:
/// an enum value added, renamed or reordered in a service fails here until Contracts follows.
/// </summary>
public sealed class ContractWireNamesTests
{
    private static string[] NamesOf<T>() where T : struct, Enum => Enum.GetValues<T>().Select(ApiEnum.Name).ToArray();

    [Fact]
    public void Pilot_kinds_are_the_PilotKind_of_Applications_and_of_Outreach()
    {
        Assert.Equal(NamesOf<Applications.Domain.PilotKind>(), PilotKinds.All);
        Assert.Equal(NamesOf<Outreach.Domain.PilotKind>(), PilotKinds.All);
    }

    [Fact]
    public void Application_statuses_are_the_ApplicationStatus_of_Applications() =>
        Assert.Equal(NamesOf<Applications.Domain.ApplicationStatus>(), ApplicationStatuses.All);

    [Fact]
    public void Visit_statuses_are_the_VisitStatus_of_Experts() =>
        Assert.Equal(NamesOf<Experts.Domain.VisitStatus>(), VisitStatuses.All);
}
