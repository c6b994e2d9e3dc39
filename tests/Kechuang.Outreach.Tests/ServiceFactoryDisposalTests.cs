using Kechuang.TestKit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Xunit;

namespace Kechuang.Outreach.Tests;

/// <summary>
/// Disposing a service's test host: <c>WebApplicationFactory</c> lets the entry point's <c>app.Run()</c>
/// run to its end, so the host is stopped twice at once (by the factory and by <c>app.Run()</c>), and
/// Marten's projection coordinator is not safe to stop twice at once (a full run once failed a class
/// cleanup with JasperFx's <c>ObjectDisposedException</c>). <see cref="ServiceFactory{T}"/> stops the
/// coordinator first.
/// </summary>
public sealed class ServiceFactoryDisposalTests
{
    [Fact]
    public async Task The_daemon_is_stopped_before_the_host_is_stopped_twice_at_once()
    {
        var factory = new ProbedFactory();
        await factory.InitializeAsync();
        var probe = factory.Services.GetServices<IHostedService>().OfType<StopProbe>().Single();
        await Eventually.Until(() => DaemonLocksHeldAsync(factory.Database), held => held > 0,
            TimeSpan.FromSeconds(30), "the daemon leads");

        await factory.DisposeAsync();

        Assert.Equal(2, probe.Calls);
        Assert.Equal(2, probe.MostAtOnce);
        Assert.Equal([0, 0], probe.LocksHeldWhenStopped);
    }

    /// <summary>
    /// Advisory locks held in the service's own database: once the schema is applied, only the
    /// daemon's (Marten derives their ids from <c>DaemonLockId</c>, one per projection set).
    /// </summary>
    private static async Task<long> DaemonLocksHeldAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand(
            "select count(*) from pg_locks l join pg_database d on d.oid = l.database " +
            "where l.locktype = 'advisory' and l.granted and d.datname = current_database()", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    /// <summary>Registered last, so the host stops it first: it sees what runs when the host's stop begins.</summary>
    private sealed class StopProbe(string database) : IHostedService
    {
        private int _current;
        private readonly List<long> _locks = [];

        public int Calls => _locks.Count;

        public int MostAtOnce { get; private set; }

        public IReadOnlyList<long> LocksHeldWhenStopped => _locks;

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public async Task StopAsync(CancellationToken cancellationToken)
        {
            var now = Interlocked.Increment(ref _current);
            var held = await DaemonLocksHeldAsync(database);
            lock (_locks)
            {
                _locks.Add(held);
                MostAtOnce = Math.Max(MostAtOnce, now);
            }
            // Long enough for the other stop to arrive while this one is still running.
            await Task.Delay(TimeSpan.FromMilliseconds(500), CancellationToken.None);
            Interlocked.Decrement(ref _current);
        }
    }

    private sealed class ProbedFactory() : ServiceFactory<OutreachService.Marker>(OutreachService.Name)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<IHostedService>(_ => new StopProbe(Database)));
        }
    }
}
