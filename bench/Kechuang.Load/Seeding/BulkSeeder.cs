using System.Diagnostics;
using Kechuang.Applications;
using Kechuang.BuildingBlocks.Security;
using Kechuang.Experts;
using Kechuang.Load.Data;
using Kechuang.Resources;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Kechuang.Load.Seeding;

/// <summary>
/// Grows the seeded world to a multiple of itself by appending event streams straight into the
/// applications, resources and experts services' Marten event stores, in batches, several at a
/// time, with progress. Each store is the service's own (its <c>Add…</c> registration, built
/// here and never started), so the inline projections (snapshots, the resource catalogue) are
/// written in the same transactions and the services' daemons then forward what they forward
/// (vetted experts to the trainer pool, published resources to subscribed schools) as usual.
/// The HTTP seed stays size 1: its keys and records are what the read mix asks for.
/// </summary>
public sealed class BulkSeeder(Func<string, string> database, World world, SeedOptions seed, TextWriter log) : IAsyncDisposable
{
    public const int BatchSize = 250;
    public const int Writers = 3;

    private readonly Dictionary<string, WebApplication> _services = [];
    private int _size = 1;

    /// <summary>The counts at a size (the HTTP seed's, times the size).</summary>
    public static (int Applications, int Resources, int Experts) CountsAt(SeedOptions seed, int size) =>
        (seed.Applications * size, seed.Resources * size, seed.Experts * size);

    public async Task GrowToAsync(int size, CancellationToken ct)
    {
        if (size <= _size) return;
        var (from, to) = (CountsAt(seed, _size), CountsAt(seed, size));
        log.WriteLine($"growing the data from {_size}× to {size}× straight into the event stores ({BatchSize} streams a transaction, {Writers} at a time):");
        var streams = new BulkStreams(new Names(seed: 4000 + size), world, DateTimeOffset.UtcNow);
        await AppendAsync(ApplicationsService.Name, b => b.AddApplications(), from.Applications, to.Applications, i => [streams.Application(i)], ct);
        await AppendAsync(ResourcesService.Name, b => b.AddResources(), from.Resources, to.Resources, i => [streams.Resource(i)], ct);
        await AppendAsync(ExpertsService.Name, b => b.AddExperts(), from.Experts, to.Experts, streams.Expert, ct);
        _size = size;
    }

    private async Task AppendAsync(string service, Action<WebApplicationBuilder> add, int from, int to,
        Func<int, IEnumerable<BulkStream>> streamsOf, CancellationToken ct)
    {
        var store = Store(service, add);
        var clock = Stopwatch.StartNew();
        var lastPrinted = TimeSpan.Zero;
        var done = 0;
        var total = to - from;
        await Parallel.ForEachAsync(Enumerable.Range(from, total).Chunk(BatchSize),
            new ParallelOptions { MaxDegreeOfParallelism = Writers, CancellationToken = ct }, async (chunk, token) =>
            {
                await using var session = store.LightweightSession();
                foreach (var stream in chunk.SelectMany(streamsOf))
                    session.Events.StartStream(stream.Aggregate, stream.Id, [.. stream.Events]);
                await session.SaveChangesAsync(token);
                var now = Interlocked.Add(ref done, chunk.Length);
                lock (log)
                {
                    if (clock.Elapsed - lastPrinted < TimeSpan.FromSeconds(5) && now < total) return;
                    lastPrinted = clock.Elapsed;
                    log.WriteLine($"  {service}: {now:N0}/{total:N0} ({now / Math.Max(clock.Elapsed.TotalSeconds, 0.001):N0}/s)");
                }
            });
        log.WriteLine($"  {service}: {total:N0} more in {clock.Elapsed.TotalSeconds:N1} s, {to:N0} in all");
    }

    /// <summary>The service's own document store: its registration on a builder pointed at its database, built but not started.</summary>
    private IDocumentStore Store(string service, Action<WebApplicationBuilder> add)
    {
        if (!_services.TryGetValue(service, out var app))
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"ConnectionStrings:{service}-db"] = database(service),
                // Registered, never started: the seeder neither publishes nor consumes.
                ["ConnectionStrings:rabbitmq"] = "amqp://localhost/unused",
                [InternalIdentity.ConfigurationKey] = "unused-the-bulk-seeder-serves-no-requests",
                ["Logging:LogLevel:Default"] = "Warning",
            });
            add(builder);
            _services[service] = app = builder.Build();
        }
        return app.Services.GetRequiredService<IDocumentStore>();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _services.Values) await app.DisposeAsync();
    }
}
