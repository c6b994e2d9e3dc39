using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kechuang.AppHost.Tests;

/// <summary>
/// The AppHost's application model, built but never started: what it would hand each project.
/// The connection strings name servers nobody connects to.
/// </summary>
internal static class AppHostModel
{
    public static async Task<DistributedApplication> BuildAsync(string environment, params string[] settings)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Kechuang_AppHost>(
            [
                "ConnectionStrings:postgres=Host=127.0.0.1;Port=1;Username=nobody;Password=unused;Database=none",
                "ConnectionStrings:rabbitmq=amqp://nobody:unused@127.0.0.1:1/none",
                "ConnectionStrings:redis=127.0.0.1:1,password=unused",
                .. settings,
            ],
            (_, host) => host.EnvironmentName = environment);
        return await builder.BuildAsync();
    }

    public static async Task<Dictionary<string, string>> EnvironmentAsync(DistributedApplication app, string resource)
    {
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        var project = model.Resources.OfType<ProjectResource>().Single(r => r.Name == resource);
        var configuration = await ExecutionConfigurationBuilder.Create(project).WithEnvironmentVariablesConfig()
            .BuildAsync(app.Services.GetRequiredService<DistributedApplicationExecutionContext>(), NullLogger.Instance, CancellationToken.None);
        return configuration.EnvironmentVariables.ToDictionary(variable => variable.Key, variable => variable.Value);
    }
}
