using Xunit;

[assembly: AssemblyFixture(typeof(Kechuang.AppHost.Tests.EnvironmentAtStart))]

namespace Kechuang.AppHost.Tests;

/// <summary>
/// The test process's environment before any test ran: an AppHost built in process forgets
/// <c>ConnectionStrings__redis</c> (as it must for the processes it starts), so a test that reads
/// it after another test built one found nothing.
/// </summary>
public sealed class EnvironmentAtStart
{
    public string? Redis { get; } = Environment.GetEnvironmentVariable("ConnectionStrings__redis");
}
