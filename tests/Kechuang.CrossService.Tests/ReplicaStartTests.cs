using System.Net;
using Kechuang.BuildingBlocks.Hosting;
using Kechuang.TestKit;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Xunit;

namespace Kechuang.CrossService.Tests;

/// <summary>
/// Replicas of a service start side by side (<c>./kechuang run --replicas N</c>, a rolling
/// deployment): one applies the schema while the others wait for it (SchemaOnStartup), and every
/// one of them starts and answers. Marten's own apply-on-startup gave up after about 0.4 s when
/// another replica held its lock, ending that replica's start.
/// </summary>
public sealed class ReplicaStartTests
{
    private static readonly string Service = Experts.ExpertsService.Name;

    [Fact]
    public async Task A_replica_starting_while_another_applies_the_schema_waits_for_it_and_starts()
    {
        var database = await TestInfrastructure.CreateDatabaseAsync(Service);
        var vhost = await TestInfrastructure.CreateVhostAsync("replicas");
        var replica = new ServiceFactory<Experts.ExpertsService.Marker>(Service, database, vhost);
        try
        {
            // Another replica applying the schema: it holds the replicas' turn and Marten's apply lock, for 2 s.
            await using var other = new NpgsqlConnection(database);
            await other.OpenAsync();
            await LockAsync(other, "pg_advisory_lock", SchemaOnStartup.LockIdFor(Service));
            await LockAsync(other, "pg_advisory_lock", new StoreOptions().ApplyChangesLockId);
            var starting = Task.Run(async () => await replica.InitializeAsync());
            // The replica waits for its turn (a lock request not granted), well past the 0.4 s Marten waited.
            await Eventually.True(async () => await WaitersAsync(other) == 1 || starting.IsCompleted, TimeSpan.FromSeconds(60),
                "the replica asks for its turn");
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.False(starting.IsCompleted, $"the replica waits for the other to finish ({starting.Exception?.GetBaseException().Message})");
            Assert.Equal(1, await WaitersAsync(other));
            await LockAsync(other, "pg_advisory_unlock", new StoreOptions().ApplyChangesLockId);
            await LockAsync(other, "pg_advisory_unlock", SchemaOnStartup.LockIdFor(Service));

            await starting;
            Assert.Equal(HttpStatusCode.OK, (await replica.ClientFor(Actors.Centre).GetAsync("/api/v1/experts")).StatusCode);

            // The schema comes before the bus's consumers and the daemon start (hosted services start in this order).
            var started = replica.Services.GetServices<IHostedService>().Select(s => s.GetType().Name).ToList();
            var schema = started.IndexOf(nameof(SchemaOnStartup));
            Assert.True(schema >= 0, string.Join(", ", started));
            Assert.All(started.Where(n => n.Contains("MassTransit", StringComparison.Ordinal) || n.Contains("ProjectionCoordinator", StringComparison.Ordinal)),
                n => Assert.True(started.IndexOf(n) > schema, $"{n} starts after the schema: {string.Join(", ", started)}"));
            Assert.Contains(started, n => n.Contains("MassTransit", StringComparison.Ordinal));
        }
        finally
        {
            await replica.DisposeAsync();
            await TestInfrastructure.DropDatabaseAsync(database);
            await TestInfrastructure.DeleteVhostAsync(vhost);
        }
    }

    [Fact]
    public async Task Three_replicas_started_at_once_on_a_fresh_database_all_start_and_answer()
    {
        var database = await TestInfrastructure.CreateDatabaseAsync(Service);
        var vhost = await TestInfrastructure.CreateVhostAsync("replicas");
        var replicas = Enumerable.Range(0, 3).Select(_ => new ServiceFactory<Experts.ExpertsService.Marker>(Service, database, vhost)).ToList();
        try
        {
            await Task.WhenAll(replicas.Select(r => Task.Run(async () => await r.InitializeAsync())));
            foreach (var replica in replicas)
                Assert.Equal(HttpStatusCode.OK, (await replica.ClientFor(Actors.Centre).GetAsync("/api/v1/experts")).StatusCode);
        }
        finally
        {
            foreach (var replica in replicas) await replica.DisposeAsync();
            await TestInfrastructure.DropDatabaseAsync(database);
            await TestInfrastructure.DeleteVhostAsync(vhost);
        }
    }

    private static async Task<long> WaitersAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(
            "select count(*) from pg_locks where locktype = 'advisory' and not granted and classid = 0 and objid = @id and database = (select oid from pg_database where datname = current_database())",
            connection);
        command.Parameters.AddWithValue("id", (long)SchemaOnStartup.LockIdFor(Service));
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task LockAsync(NpgsqlConnection connection, string function, long id)
    {
        await using var command = new NpgsqlCommand($"select {function}(@id)", connection);
        command.Parameters.AddWithValue("id", id);
        await command.ExecuteNonQueryAsync();
    }
}
