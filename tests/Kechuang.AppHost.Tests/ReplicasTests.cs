using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Kechuang.AppHost.Tests;

/// <summary>Issue 16: <c>./kechuang run --replicas N</c> runs every service and the gateway N times; the dashboard once.</summary>
public sealed class ReplicasTests
{
    private static readonly string[] Replicated = ["applications", "resources", "experts", "training", "outreach", "gateway"];

    [Theory]
    [InlineData(null, 1)]
    [InlineData("2", 2)]
    [InlineData("4", 4)]
    public async Task Every_service_and_the_gateway_run_as_many_times_as_asked_and_the_dashboard_once(string? configured, int expected)
    {
        await using var app = await AppHostModel.BuildAsync("Development",
            configured is null ? [] : [$"{Kechuang.AppHost.Replicas.ConfigurationKey}={configured}"]);
        var projects = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ProjectResource>().ToList();
        foreach (var name in Replicated) Assert.Equal(expected, ReplicasOf(projects.Single(p => p.Name == name)));
        Assert.Equal(1, ReplicasOf(projects.Single(p => p.Name == "dashboard")));
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
