using Kechuang.BuildingBlocks.Text;
using Kechuang.BuildingBlocks.Domain;
using System.Diagnostics;
using JasperFx;
using JasperFx.Events;
using Kechuang.Bench.Search;
using Kechuang.Resources;
using Kechuang.Resources.Domain;
using Kechuang.Resources.ReadModels;
using Marten;
using Npgsql;
using NpgsqlTypes;
using Weasel.Core;

// Search latency on a large catalogue. Creates a throwaway database with the service's schema,
// bulk-loads published resources into the catalogue table (rows folded and cut into bigrams by
// the same SearchText the projection uses), runs a realistic mix of searches through the
// service's CatalogueSearch and prints p50/p99 per kind of query, then drops the database.
// Needs ConnectionStrings__postgres: eval "$(./kechuang env)".
const string Table = ResourcesService.Name + "." + ResourceCatalogue.TableName;
var resources = Option("--resources", 100_000);
var queries = Option("--queries", 1_200);
var server = Environment.GetEnvironmentVariable("ConnectionStrings__postgres")
    ?? throw new InvalidOperationException("Set ConnectionStrings__postgres (eval \"$(./kechuang env)\").");
var database = $"t_bench_search_{Guid.NewGuid():N}"[..30];

await Execute(server, $"CREATE DATABASE \"{database}\"");
var connection = new NpgsqlConnectionStringBuilder(server) { Database = database, MaxPoolSize = 10 }.ConnectionString;
try
{
    using var store = DocumentStore.For(opts =>
    {
        // As the service configures its store (BuildingBlocks' AddKechuangService), plus its own model.
        opts.Connection(connection);
        opts.DatabaseSchemaName = ResourcesService.Name;
        opts.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
        opts.Events.StreamIdentity = StreamIdentity.AsGuid;
        opts.Events.MetadataConfig.HeadersEnabled = true;
        opts.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
        ResourcesService.ConfigureStore(opts);
    });
    await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

    var catalogue = BenchCatalogue.Create(resources, seed: 54);
    Console.WriteLine($"Kechuang search benchmark: {resources:N0} resources, {queries:N0} searches, PostgreSQL {await Scalar(connection, "show server_version")}");
    if (File.Exists("/proc/loadavg"))
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, load average {string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3))} at start");
    var seeding = Stopwatch.StartNew();
    await SeedAsync(connection, catalogue);
    await Execute(connection, $"VACUUM ANALYZE {Table}");
    Console.WriteLine($"Loaded the catalogue in {seeding.Elapsed.TotalSeconds:F1} s (COPY, indexes built as rows arrive)");

    var mix = Workload(catalogue, queries, seed: 2021);
    foreach (var (_, query) in mix.Take(50)) await RunAsync(store, query);

    var timings = new List<(string Kind, double Ms, long Hits)>();
    foreach (var (kind, query) in mix)
    {
        var started = Stopwatch.GetTimestamp();
        var page = await RunAsync(store, query);
        timings.Add((kind, Stopwatch.GetElapsedTime(started).TotalMilliseconds, page.Total));
    }

    Console.WriteLine();
    Console.WriteLine($"{"query (page of 20 + facets)",-34} {"n",5} {"median hits",12} {"p50 ms",8} {"p99 ms",8}");
    foreach (var group in timings.GroupBy(t => t.Kind).OrderBy(g => g.Key.StartsWith("q ", StringComparison.Ordinal) ? 0 : 1).ThenBy(g => g.Key, StringComparer.Ordinal))
        Print(group.Key, group.ToList());
    Print("all", timings);
}
finally
{
    NpgsqlConnection.ClearAllPools();
    await Execute(server, $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
}

static async Task<CataloguePage> RunAsync(IDocumentStore store, CatalogueQuery query)
{
    await using var session = store.QuerySession();
    return await CatalogueSearch.RunAsync(session, query, 0, 20, CancellationToken.None);
}

// The rows the catalogue projection writes for a published resource, loaded with COPY: the
// benchmark measures reading the catalogue; writing it through the event store (~700 resources/s
// on this shared machine) would take most of the time budget.
static async Task SeedAsync(string connectionString, IReadOnlyList<(Guid Id, ResourceContent Content, bool Featured, DateTimeOffset PublishedAt)> catalogue)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var copy = await connection.BeginBinaryImportAsync(
        $"""
         copy {Table} (id, title, summary, kind, format, provider, license, topics, grades, status, featured, contributor_id,
             submitted_at, published_at, version, title_folded, summary_folded, grams) from stdin (format binary)
         """);
    foreach (var (id, c, featured, publishedAt) in catalogue)
    {
        var title = SearchText.Fold(c.Title);
        var summary = SearchText.Fold(c.Summary);
        await copy.StartRowAsync();
        await copy.WriteAsync(id, NpgsqlDbType.Uuid);
        await copy.WriteAsync(c.Title, NpgsqlDbType.Text);
        await copy.WriteAsync(c.Summary, NpgsqlDbType.Text);
        await copy.WriteAsync(ApiEnum.Name(c.Kind), NpgsqlDbType.Text);
        await copy.WriteAsync(ApiEnum.Name(c.Format), NpgsqlDbType.Text);
        await copy.WriteAsync(c.Provider, NpgsqlDbType.Text);
        await copy.WriteAsync(c.License, NpgsqlDbType.Text);
        await copy.WriteAsync(c.Topics.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
        await copy.WriteAsync(c.Grades.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
        await copy.WriteAsync(ApiEnum.Name(ResourceStatus.Published), NpgsqlDbType.Text);
        await copy.WriteAsync(featured, NpgsqlDbType.Boolean);
        await copy.WriteAsync("bench-unit", NpgsqlDbType.Text);
        await copy.WriteAsync(publishedAt.AddDays(-7).ToUniversalTime(), NpgsqlDbType.TimestampTz);
        await copy.WriteAsync(publishedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz);
        await copy.WriteAsync(featured ? 4L : 3L, NpgsqlDbType.Bigint);
        await copy.WriteAsync(title, NpgsqlDbType.Text);
        await copy.WriteAsync(summary, NpgsqlDbType.Text);
        await copy.WriteAsync(SearchText.Bigrams(title, summary), NpgsqlDbType.Array | NpgsqlDbType.Text);
    }
    await copy.CompleteAsync();
}

// What partners type: 2-, 3- and 4-character words or pieces of words of the titles (机器, 机器人,
// 人工智能…), sometimes a piece spanning two words, alone or with the filters a school would set;
// a very common word (科学, in about half the catalogue); browsing by filters only; and words
// that match nothing.
static List<(string Kind, CatalogueQuery Query)> Workload(
    IReadOnlyList<(Guid Id, ResourceContent Content, bool Featured, DateTimeOffset PublishedAt)> catalogue, int count, int seed)
{
    var random = new Random(seed);
    var formats = Enum.GetValues<ResourceFormat>();
    var mix = new List<(string, CatalogueQuery)>(count);
    for (var i = 0; i < count; i++)
    {
        var c = catalogue[random.Next(catalogue.Count)].Content;
        var topic = c.Topics[random.Next(c.Topics.Count)];
        var grade = c.Grades[random.Next(c.Grades.Count)];
        var filtered = random.Next(2) == 0;
        var roll = random.Next(100);
        var (kind, query) = roll switch
        {
            < 78 => Text(random, roll < 30 ? 2 : roll < 55 ? 3 : 4, random.Next(4) == 0 ? c.Title : BenchCatalogue.Word(random)),
            < 83 => ("q very common (科学)", CatalogueQuery.Published("科学")),
            < 94 => ("filters only", CatalogueQuery.Published() with { Topics = [topic], Grades = [grade], Formats = [formats[random.Next(3)]] }),
            _ => ("no match (3 chars)", CatalogueQuery.Published("量子猫")),
        };
        if (filtered && kind.StartsWith("q ", StringComparison.Ordinal))
        {
            kind += " + filters";
            query = query with { Topics = [topic], Grades = random.Next(2) == 0 ? [grade] : [] };
        }
        mix.Add((kind, query));
    }
    return mix;

    static (string, CatalogueQuery) Text(Random random, int length, string source)
    {
        if (source.Length < length) length = source.Length;
        var q = source.Substring(random.Next(0, source.Length - length + 1), length);
        return ($"q {length} chars", CatalogueQuery.Published(q));
    }
}

static void Print(string kind, List<(string Kind, double Ms, long Hits)> timings)
{
    var ms = timings.Select(t => t.Ms).Order().ToList();
    var hits = timings.Select(t => t.Hits).Order().ToList();
    Console.WriteLine($"{kind,-34} {ms.Count,5} {hits[hits.Count / 2],12:N0} {Percentile(ms, 0.50),8:F1} {Percentile(ms, 0.99),8:F1}");
}

static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

static async Task Execute(string connectionString, string sql)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 300 };
    await command.ExecuteNonQueryAsync();
}

static async Task<string> Scalar(string connectionString, string sql)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(sql, connection);
    return (await command.ExecuteScalarAsync())?.ToString() ?? "";
}

int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) ? value : fallback;
}
