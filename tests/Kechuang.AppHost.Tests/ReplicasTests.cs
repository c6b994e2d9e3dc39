using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Kechuang.AppHost.Tests;

/// <summary>
/// Issue 16: <c>./kechuang run --replicas N</c> runs every service and the gateway N times, and N
/// dashboards as resources of their own, each a destination of the gateway (which keeps a browser on one).
/// </summary>
public sealed class ReplicasTests
{
    private static readonly string[] Replicated = ["applications", "resources", "experts", "training", "outreach", "gateway"];

    [Theory]
    [InlineData(null, 1)]
    [InlineData("2", 2)]
    [InlineData("4", 4)]
    public async Task Every_service_and_the_gateway_run_as_many_times_as_asked_and_the_dashboard_as_as_many_resources(string? configured, int expected)
    {
        await using var app = await AppHostModel.BuildAsync("Development",
            configured is null ? [] : [$"{Kechuang.AppHost.Replicas.ConfigurationKey}={configured}"]);
        var projects = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ProjectResource>().ToList();
        foreach (var name in Replicated) Assert.Equal(expected, ReplicasOf(projects.Single(p => p.Name == name)));

        var dashboards = projects.Where(p => p.Name.StartsWith("dashboard", StringComparison.Ordinal)).ToList();
        string[] names = ["dashboard", .. Enumerable.Range(2, expected - 1).Select(n => $"dashboard-{n}")];
        Assert.Equal(names, dashboards.Select(d => d.Name).Order(StringComparer.Ordinal));
        // Each once (a circuit lives in one process; the AppHost's proxy would spread a browser's requests).
        Assert.All(dashboards, d => Assert.Equal(1, ReplicasOf(d)));
        var gateway = await AppHostModel.EnvironmentAsync(app, "gateway");
        foreach (var dashboard in dashboards)
        {
            // The gateway finds each by service discovery, and each its database and the gateway.
            Assert.Contains($"services__{dashboard.Name}__http__0", gateway.Keys);
            var own = await AppHostModel.EnvironmentAsync(app, dashboard.Name);
            Assert.Contains("ConnectionStrings__dashboard-db", own.Keys);
            Assert.Contains("services__gateway__http__0", own.Keys);
        }
    }

    [Theory]
    [InlineData("0")]
    [InlineData("5")]
    [InlineData("-1")]
    [InlineData("two")]
    [InlineData("1.5")]
    public void Anything_but_a_whole_number_from_1_to_4_is_refused_before_anything_starts(string configured)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => Kechuang.AppHost.Replicas.Resolve(configured));
        Assert.Contains("from 1 to 4", refused.Message);
    }

    private static int ReplicasOf(ProjectResource project) =>
        project.TryGetLastAnnotation<ReplicaAnnotation>(out var replicas) ? replicas.Replicas : 1;
}
