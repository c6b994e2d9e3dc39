using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kechuang.Deploy.Tests;

/// <summary>
/// The AppHost's application model, built but never started: every project it runs and the
/// environment it hands each one, which the manifests must provide as well.
/// </summary>
internal static class AppHostModel
{
    public static async Task<IReadOnlyDictionary<string, IReadOnlySet<string>>> ProjectVariablesAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Kechuang_AppHost>(
            [
                "ConnectionStrings:postgres=Host=127.0.0.1;Port=1;Username=nobody;Password=unused;Database=none",
                "ConnectionStrings:rabbitmq=amqp://nobody:unused@127.0.0.1:1/none",
                "ConnectionStrings:redis=127.0.0.1:1,password=unused",
                "Parameters:bootstrap-admin-key=a-key-of-its-own",
            ],
            (_, host) => host.EnvironmentName = "Production");
        await using var app = await builder.BuildAsync();
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        var context = app.Services.GetRequiredService<DistributedApplicationExecutionContext>();
        var projects = new Dictionary<string, IReadOnlySet<string>>();
        foreach (var project in model.Resources.OfType<ProjectResource>())
        {
            var configuration = await ExecutionConfigurationBuilder.Create(project).WithEnvironmentVariablesConfig()
                .BuildAsync(context, NullLogger.Instance, CancellationToken.None);
            projects[project.Name] = configuration.EnvironmentVariables.Select(v => v.Key).ToHashSet();
        }
        return projects;
    }
}
