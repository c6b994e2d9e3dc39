using Kechuang.Dashboard.Replicas;
using Kechuang.TestKit;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Xunit;

namespace Kechuang.Dashboard.Tests;

/// <summary>Issue 16: every dashboard replica reads one data-protection key ring, kept in the dashboard's database.</summary>
public sealed class SharedKeyRingTests : IAsyncLifetime
{
    private string _database = null!;
    private readonly List<IHost> _hosts = [];

    public async ValueTask InitializeAsync() => _database = await TestInfrastructure.CreateDatabaseAsync("keyring");

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.StopAsync();
            host.Dispose();
        }
        await TestInfrastructure.DropDatabaseAsync(_database);
    }

    [Fact]
    public async Task Replicas_starting_together_on_an_empty_database_make_one_key_and_read_what_each_other_protects()
    {
        // Four rather than two: without the lock, at least two of them find the ring empty and each make a key.
        var replicas = Enumerable.Range(0, 4).Select(_ => Replica(TimeProvider.System)).ToList();
        await Task.WhenAll(replicas.Select(replica => Task.Run(() => replica.StartAsync())));

        Assert.Equal(1, await KeysAsync());
        var protectors = replicas.Select(r => r.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("a purpose")).ToList();
        foreach (var (from, index) in protectors.Select((p, i) => (p, i)))
        {
            var payload = from.Protect($"protected by replica {index}");
            Assert.All(protectors, to => Assert.Equal($"protected by replica {index}", to.Unprotect(payload)));
        }
    }

    [Fact]
    public async Task A_successor_key_is_made_once_a_week_before_the_key_expires_and_activates_when_it_does()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var replica = Replica(clock);
        await replica.StartAsync();
        var store = replica.Services.GetServices<IHostedService>().OfType<DashboardStore>().Single();
        var first = Assert.Single(replica.Services.GetRequiredService<IKeyManager>().GetAllKeys());

        clock.Advance(DashboardStore.KeyLifetime - DashboardStore.SuccessorLead - TimeSpan.FromHours(1));
        await store.KeepAsync(CancellationToken.None);
        Assert.Equal(1, await KeysAsync());

        clock.Advance(TimeSpan.FromHours(2));
        await store.KeepAsync(CancellationToken.None);
        await store.KeepAsync(CancellationToken.None);
        var keys = replica.Services.GetRequiredService<IKeyManager>().GetAllKeys();
        var successor = Assert.Single(keys, k => k.KeyId != first.KeyId);
        Assert.Equal(first.ExpirationDate, successor.ActivationDate);
    }

    private IHost Replica(TimeProvider clock)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration[$"ConnectionStrings:{SharedKeyRing.ConnectionName}"] = _database;
        builder.Services.AddSingleton(clock);
        builder.Services.AddSharedKeyRing(builder.Configuration);
        var host = builder.Build();
        _hosts.Add(host);
        return host;
    }

    private async Task<long> KeysAsync()
    {
        await using var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("select count(*) from data_protection_keys", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
