using System.Net;
using System.Net.Sockets;
using Kechuang.BuildingBlocks.Hosting;
using Kechuang.TestKit;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
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

    [Fact]
    public async Task A_replica_whose_database_does_not_answer_at_start_waits_for_it_instead_of_exiting()
    {
        var database = await TestInfrastructure.CreateDatabaseAsync(Service);
        using var store = DocumentStore.For(o =>
        {
            o.Connection(database);
            o.Schema.For<Probe>();
        });
        var server = new NpgsqlConnectionStringBuilder(database);
        var port = FreePort();
        // The replica's own connection goes through a port nobody listens on yet: refused, as a restarting server.
        var target = new SchemaOnStartup.Target(new NpgsqlConnectionStringBuilder(database) { Host = "127.0.0.1", Port = port, Timeout = 2 }.ConnectionString,
            SchemaOnStartup.LockIdFor(Service));
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            var starting = new SchemaOnStartup(store, target, NullLogger<SchemaOnStartup>.Instance).StartAsync(stop.Token);
            await Task.Delay(SchemaOnStartup.RetryAfter * 2);
            Assert.False(starting.IsCompleted, $"still waiting for the database ({starting.Exception?.GetBaseException().Message})");

            using var forwarder = Forwarder.Start(port, server.Host!, server.Port);
            await starting;
            Assert.True(await TableExistsAsync(database, "mt_doc_%probe"), "the schema was applied once the database answered");

            // A database that is not there is no reason to wait: the start ends.
            var missing = new SchemaOnStartup.Target(new NpgsqlConnectionStringBuilder(database) { Database = "t_no_such_database" }.ConnectionString, target.LockId);
            await Assert.ThrowsAsync<PostgresException>(() => new SchemaOnStartup(store, missing, NullLogger<SchemaOnStartup>.Instance).StartAsync(stop.Token));
        }
        finally
        {
            await TestInfrastructure.DropDatabaseAsync(database);
        }
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private static async Task<bool> TableExistsAsync(string database, string table)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from information_schema.tables where table_name like @t", connection);
        command.Parameters.AddWithValue("t", table);
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }

    private sealed record Probe(Guid Id);

    /// <summary>Passes each connection to a port on to PostgreSQL, byte for byte.</summary>
    private sealed class Forwarder(TcpListener listener) : IDisposable
    {
        public static Forwarder Start(int port, string host, int serverPort)
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            _ = Task.Run(async () =>
            {
                while (true)
                {
                    TcpClient client;
                    try
                    {
                        client = await listener.AcceptTcpClientAsync();
                    }
                    catch (Exception e) when (e is SocketException or ObjectDisposedException)
                    {
                        return;
                    }
                    _ = Task.Run(async () =>
                    {
                        using var inbound = client;
                        using var outbound = new TcpClient();
                        await outbound.ConnectAsync(host, serverPort);
                        var a = inbound.GetStream();
                        var b = outbound.GetStream();
                        await Task.WhenAny(a.CopyToAsync(b), b.CopyToAsync(a));
                    });
                }
            });
            return new Forwarder(listener);
        }

        public void Dispose() => listener.Stop();
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
