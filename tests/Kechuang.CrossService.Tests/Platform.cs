using Kechuang.TestKit;
using Xunit;

namespace Kechuang.CrossService.Tests;

/// <summary>
/// Several services in one test, each on its own database, all on one RabbitMQ vhost: what one
/// publishes the others consume, as in the running system.
/// </summary>
public sealed class Platform : IAsyncLifetime
{
    public Uri Vhost { get; private set; } = null!;

    public ServiceFactory<Applications.ApplicationsService.Marker> Applications { get; private set; } = null!;
    public ServiceFactory<Experts.ExpertsService.Marker> Experts { get; private set; } = null!;
    public ServiceFactory<Resources.ResourcesService.Marker> Resources { get; private set; } = null!;
    public ServiceFactory<Training.TrainingService.Marker> Training { get; private set; } = null!;
    public ServiceFactory<Outreach.OutreachService.Marker> Outreach { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Vhost = await TestInfrastructure.CreateVhostAsync("cross");
        Applications = await Start<Applications.ApplicationsService.Marker>(Kechuang.Applications.ApplicationsService.Name);
        Experts = await Start<Experts.ExpertsService.Marker>(Kechuang.Experts.ExpertsService.Name);
        Resources = await Start<Resources.ResourcesService.Marker>(Kechuang.Resources.ResourcesService.Name);
        Training = await Start<Training.TrainingService.Marker>(Kechuang.Training.TrainingService.Name);
        Outreach = await Start<Outreach.OutreachService.Marker>(Kechuang.Outreach.OutreachService.Name);
    }

    private async Task<ServiceFactory<T>> Start<T>(string name) where T : class
    {
        var factory = new ServiceFactory<T>(name, await TestInfrastructure.CreateDatabaseAsync(name), Vhost);
        await factory.InitializeAsync();
        return factory;
    }

    /// <summary>Stops one service's host; start it again with <see cref="Restart{T}"/> on the same database.</summary>
    public async Task<ServiceFactory<T>> Restart<T>(ServiceFactory<T> running, string name) where T : class
    {
        var database = running.Database;
        await running.DisposeAsync();
        var restarted = new ServiceFactory<T>(name, database, Vhost);
        await restarted.InitializeAsync();
        return restarted;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var factory in new IAsyncDisposable[] { Applications, Experts, Resources, Training, Outreach })
            if (factory is not null) await factory.DisposeAsync();
        foreach (var db in new[] { Applications?.Database, Experts?.Database, Resources?.Database, Training?.Database, Outreach?.Database })
            if (db is not null) await TestInfrastructure.DropDatabaseAsync(db);
        await TestInfrastructure.DeleteVhostAsync(Vhost);
    }
}
