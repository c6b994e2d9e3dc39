using System.Net.Http.Json;
using System.Text.Json;
using Kechuang.TestKit;
using Xunit;

namespace Kechuang.CrossService.Tests;

/// <summary>
/// Every queue the services declare for their consumers is a quorum queue, so the same code runs
/// against a RabbitMQ cluster with its queues replicated (README "Deployment"); only MassTransit's
/// per-process bus queue, which is deleted with its process, is not.
/// </summary>
public sealed class QueueTypeTests(Platform platform) : IClassFixture<Platform>
{
    [Fact]
    public async Task Every_durable_queue_of_the_five_services_is_a_quorum_queue_and_each_consuming_service_has_one()
    {
        using var management = await TestInfrastructure.ManagementClientAsync();
        var vhost = Uri.EscapeDataString(platform.Vhost.AbsolutePath.TrimStart('/'));
        var queues = await Eventually.Until(
            async () => await management.GetFromJsonAsync<JsonElement[]>($"api/queues/{vhost}") ?? [],
            list => new[] { "outreach-", "resources-", "training-" }.All(prefix => list.Any(q => Name(q).StartsWith(prefix, StringComparison.Ordinal))),
            TimeSpan.FromSeconds(30), "the consuming services declared their queues");

        var durable = queues.Where(q => q.GetProperty("durable").GetBoolean() && !q.GetProperty("auto_delete").GetBoolean()).ToList();
        Assert.NotEmpty(durable);
        Assert.All(durable, q => Assert.True(q.GetProperty("type").GetString() == "quorum", $"{Name(q)} is a {q.GetProperty("type")} queue"));
        // What is left is the bus queue of each process, gone with it.
        Assert.All(queues.Except(durable), q => Assert.True(q.GetProperty("auto_delete").GetBoolean(), Name(q)));
    }

    private static string Name(JsonElement queue) => queue.GetProperty("name").GetString()!;
}
