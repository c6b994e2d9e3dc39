using System.Net.Http.Headers;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Hosting;
using Kechuang.BuildingBlocks.Security;
using Kechuang.TestKit;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Kechuang.BuildingBlocks.Tests.Bridge;

/// <summary>A throwaway service built on the building block, hosted in the test process.</summary>
public sealed class MiniService : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MiniService(WebApplication app) => _app = app;

    public static async Task<MiniService> StartAsync(
        string name, string database, Uri rabbitMq, Action<KechuangServiceOptions> configure, Action<WebApplication>? map = null)
        => await StartAsync(name, database, rabbitMq, configure, null, map);

    public static async Task<MiniService> StartAsync(
        string name, string database, Uri rabbitMq, Action<KechuangServiceOptions> configure,
        Action<WebApplicationBuilder>? build, Action<WebApplication>? map)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{name}-db"] = database,
            ["ConnectionStrings:rabbitmq"] = rabbitMq.ToString(),
            [InternalIdentity.ConfigurationKey] = ServiceFactory<MiniService>.SigningKey,
            ["Kechuang:Messaging:RetryLimit"] = "2",
            ["Kechuang:Messaging:RetryMinMs"] = "50",
            ["Kechuang:Messaging:RetryMaxMs"] = "100",
        });
        builder.AddKechuangService(name, configure);
        build?.Invoke(builder);
        var app = builder.Build();
        app.UseKechuangService();
        map?.Invoke(app);
        await app.StartAsync();
        await BusReadiness.WaitUntilReadyAsync(app.Services);
        return new MiniService(app);
    }

    public IDocumentStore Store => _app.Services.GetRequiredService<IDocumentStore>();

    public IServiceProvider Services => _app.Services;

    public HttpClient ClientFor(Actor actor)
    {
        var client = _app.GetTestClient();
        var token = new InternalIdentity(ServiceFactory<MiniService>.SigningKey).Issue(actor, TimeProvider.System, TimeSpan.FromHours(1));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
