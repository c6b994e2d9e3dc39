using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Kechuang.AppHost;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Kechuang.EndToEnd.Tests;

/// <summary>
/// The runbook's tools as resource commands of the AppHost, run as the Aspire dashboard runs
/// them (<see cref="ResourceCommandService"/>), through the gateway's operator routes.
/// </summary>
public sealed class OperatorCommandsTests(SystemFixture system)
{
    private ResourceCommandService Commands => system.AppHostServices.GetRequiredService<ResourceCommandService>();

    [Fact]
    public void Every_service_and_the_gateway_offer_the_commands_and_those_that_change_something_ask_first()
    {
        var model = system.AppHostServices.GetRequiredService<DistributedApplicationModel>();
        foreach (var name in new[] { "applications", "resources", "experts", "training", "outreach", "gateway" })
        {
            var commands = model.Resources.Single(r => r.Name == name).Annotations.OfType<ResourceCommandAnnotation>()
                .ToDictionary(c => c.Name);
            Assert.Null(commands[OperatorCommands.Backlog].ConfirmationMessage);
            Assert.Null(commands[OperatorCommands.Errors].ConfirmationMessage);
            Assert.Contains(name, commands[OperatorCommands.Replay].ConfirmationMessage);
            Assert.Contains(name, commands[OperatorCommands.Rebuild].ConfirmationMessage);
            Assert.Equal("Rebuild projection…", commands[OperatorCommands.Rebuild].DisplayName);
        }
    }

    [Fact]
    public async Task Show_bridge_backlog_answers_the_services_bridge_and_projection_positions()
    {
        var result = await Commands.ExecuteCommandAsync("experts", OperatorCommands.Backlog, TestContext.Current.CancellationToken);

        Assert.True(result.Success, result.Message);
        var snapshot = JsonDocument.Parse(result.Data!.Value).RootElement;
        Assert.Equal("experts", snapshot.GetProperty("service").GetString());
        Assert.True(snapshot.TryGetProperty("bridgeBacklog", out _));
    }

    [Fact]
    public async Task Replay_error_queue_moves_nothing_from_an_empty_error_queue_and_refuses_an_unknown_queue()
    {
        var ct = TestContext.Current.CancellationToken;
        var errors = await Commands.ExecuteCommandAsync("training", OperatorCommands.Errors, ct);
        Assert.True(errors.Success, errors.Message);
        var queues = JsonDocument.Parse(errors.Data!.Value).RootElement.EnumerateArray()
            .Where(q => q.GetProperty("messages").GetUInt32() == 0).Select(q => q.GetProperty("queue").GetString()!).ToList();
        Assert.NotEmpty(queues);

        var replay = await Commands.ExecuteCommandAsync("training", OperatorCommands.Replay,
            Arguments(("queue", queues[0]), ("max", "10")), ct);
        Assert.True(replay.Success, replay.Message);
        Assert.Equal(0, JsonDocument.Parse(replay.Data!.Value).RootElement.GetProperty("replayed").GetInt32());

        var unknown = await Commands.ExecuteCommandAsync("training", OperatorCommands.Replay,
            Arguments(("queue", "no-such-queue"), ("max", "10")), ct);
        Assert.False(unknown.Success);
        Assert.Contains("404 not_found", unknown.Message);
    }

    [Fact]
    public async Task Rebuild_projection_names_the_services_projections_when_asked_for_an_unknown_one()
    {
        var result = await Commands.ExecuteCommandAsync("outreach", OperatorCommands.Rebuild,
            Arguments(("projection", "NoSuchProjection")), TestContext.Current.CancellationToken);

        Assert.False(result.Success);
        Assert.Contains("404 not_found", result.Message);
        var known = JsonDocument.Parse(result.Data!.Value).RootElement.EnumerateArray().Select(p => p.GetString()).ToList();
        Assert.Contains("county-coverage", known);
    }

    [Fact]
    public async Task PostgreSQL_and_RabbitMQ_are_resources_of_the_dashboard_healthy_with_the_management_UI_linked()
    {
        var notifications = system.AppHostServices.GetRequiredService<ResourceNotificationService>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(1));

        await notifications.WaitForResourceHealthyAsync(LocalServers.Postgres, timeout.Token);
        var rabbit = await notifications.WaitForResourceHealthyAsync(LocalServers.RabbitMq, timeout.Token);

        var link = Assert.Single(rabbit.Snapshot.Urls, u => !u.IsInternal);
        var url = new Uri(link.Url);
        Assert.Equal(("http", ""), (url.Scheme, url.UserInfo));
    }

    private static InteractionInputCollection Arguments(params (string Name, string Value)[] values) =>
        new([.. values.Select(v => new InteractionInput { Name = v.Name, InputType = InputType.Text, Value = v.Value })]);
}
