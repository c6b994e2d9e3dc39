using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Marten;
using Marten.Services;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;

namespace Kechuang.TestKit;

/// <summary>
/// A service with every statement its Marten sessions run recorded (text and parameters),
/// by the trace of the request that ran it: the query-plan tests explain the very statements a
/// list endpoint's LINQ made, not SQL written by hand.
/// </summary>
public abstract class PlanFactory<TEntryPoint>(string service) : ServiceFactory<TEntryPoint>(service)
    where TEntryPoint : class
{
    public RecordedStatements Statements { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.ConfigureMarten(o => o.Logger(Statements)));
    }

    /// <summary><paramref name="count"/> of <paramref name="from"/>, drawn by <paramref name="random"/> (a seeded one: the same rows each run).</summary>
    protected static IReadOnlyList<string> Pick(Random random, IReadOnlyList<string> from, int count) =>
        from.OrderBy(_ => random.Next()).Take(count).ToList();

    /// <summary>Stores <paramref name="documents"/> at once (Marten's bulk insert) and analyses their <paramref name="table"/> (schema-qualified).</summary>
    public async Task LoadAsync<T>(IReadOnlyCollection<T> documents, string table) where T : notnull
    {
        await Services.GetRequiredService<IDocumentStore>().BulkInsertAsync(documents);
        await AnalyzeAsync(table);
    }

    /// <summary>ANALYZE (and VACUUM, as autovacuum would after a bulk load: it sets the visibility map index-only scans read) the tables.</summary>
    public async Task AnalyzeAsync(params string[] tables)
    {
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        foreach (var table in tables)
        {
            await using var analyze = new NpgsqlCommand($"VACUUM ANALYZE {table}", connection);
            await analyze.ExecuteNonQueryAsync();
        }
    }

    /// <summary>Sends a GET in a trace of its own; answers PostgreSQL's plan for each statement it made that reads <paramref name="table"/> (the relation's name, without its schema).</summary>
    public async Task<IReadOnlyList<QueryPlan>> PlansOfAsync(HttpClient client, string path, string table)
    {
        var trace = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");
        using var response = await client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");

        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        var plans = new List<QueryPlan>();
        foreach (var statement in Statements.Of(trace).Where(s => s.Sql.Contains($".{table} ", StringComparison.Ordinal)))
        {
            await using var explain = new NpgsqlCommand($"EXPLAIN (FORMAT JSON) {statement.Sql}", connection);
            foreach (var parameter in statement.Parameters) explain.Parameters.Add(parameter.Clone());
            var json = (string)(await explain.ExecuteScalarAsync())!;
            plans.Add(new QueryPlan(statement.Sql, JsonDocument.Parse(json).RootElement[0].GetProperty("Plan")));
        }
        Assert.NotEmpty(plans);
        return plans;
    }
}

/// <summary>The statements Marten ran, by the trace they ran in.</summary>
public sealed class RecordedStatements : IMartenLogger, IMartenSessionLogger
{
    public sealed record Statement(string Sql, IReadOnlyList<NpgsqlParameter> Parameters);

    private readonly ConcurrentDictionary<ActivityTraceId, ConcurrentQueue<Statement>> _byTrace = new();

    public IReadOnlyList<Statement> Of(ActivityTraceId trace) => _byTrace.TryGetValue(trace, out var queue) ? [.. queue] : [];

    private void Record(string sql, IEnumerable<NpgsqlParameter> parameters)
    {
        if (Activity.Current is not { } activity) return;
        _byTrace.GetOrAdd(activity.TraceId, _ => new())
            .Enqueue(new Statement(sql, parameters.Select(p => p.Clone()).ToList()));
    }

    public IMartenSessionLogger StartSession(IQuerySession session) => this;

    public void SchemaChange(string sql)
    {
    }

    public void LogSuccess(NpgsqlCommand command) => Record(command.CommandText, command.Parameters);

    public void LogSuccess(NpgsqlBatch batch)
    {
        foreach (var command in batch.BatchCommands) Record(command.CommandText, command.Parameters.Cast<NpgsqlParameter>());
    }

    public void LogFailure(NpgsqlCommand command, Exception ex)
    {
    }

    public void LogFailure(NpgsqlBatch batch, Exception ex)
    {
    }

    public void LogFailure(Exception ex, string message)
    {
    }

    public void RecordSavedChanges(IDocumentSession session, IChangeSet commit)
    {
    }

    public void OnBeforeExecute(NpgsqlCommand command)
    {
    }

    public void OnBeforeExecute(NpgsqlBatch batch)
    {
    }
}

/// <summary>PostgreSQL's plan (EXPLAIN (FORMAT JSON)) for one statement.</summary>
public sealed record QueryPlan(string Sql, JsonElement Root)
{
    /// <summary>The list's count (<c>select count(*)</c>) among a request's plans.</summary>
    public static QueryPlan Count(IReadOnlyList<QueryPlan> plans) =>
        Assert.Single(plans, p => p.Sql.Contains("count(", StringComparison.OrdinalIgnoreCase));

    /// <summary>The list's page (<c>… LIMIT</c>) among a request's plans.</summary>
    public static QueryPlan Page(IReadOnlyList<QueryPlan> plans) =>
        Assert.Single(plans, p => p.Sql.Contains(" LIMIT ", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// A filtered list's plans: none scans <paramref name="table"/> whole, its count reads the
    /// filter's index, its page the filter's or the list order's (the planner's choice).
    /// </summary>
    public static void AssertFilteredList(IReadOnlyList<QueryPlan> plans, string table, string filterIndex, string orderIndex)
    {
        foreach (var plan in plans) plan.AssertUses(table, filterIndex, orderIndex);
        Count(plans).AssertUses(table, filterIndex);
    }

    public IEnumerable<JsonElement> Nodes => Walk(Root);

    public IReadOnlyList<string> Indexes =>
        Nodes.Where(n => n.TryGetProperty("Index Name", out _)).Select(n => n.GetProperty("Index Name").GetString()!).ToList();

    public bool ScansSequentially(string table) => Nodes.Any(n =>
        n.GetProperty("Node Type").GetString() == "Seq Scan" && n.GetProperty("Relation Name").GetString() == table);

    public void AssertNoSequentialScan(string table) => Assert.False(ScansSequentially(table), $"a sequential scan on {table}:\n{this}");

    /// <summary>Asserts the plan never scans <paramref name="table"/> whole and reads it through one of <paramref name="indexes"/> (the planner's choice).</summary>
    public void AssertUses(string table, params string[] indexes)
    {
        AssertNoSequentialScan(table);
        Assert.True(indexes.Any(Indexes.Contains), $"none of {string.Join(", ", indexes)} is used:\n{this}");
    }

    private static IEnumerable<JsonElement> Walk(JsonElement node)
    {
        yield return node;
        if (!node.TryGetProperty("Plans", out var children)) yield break;
        foreach (var child in children.EnumerateArray())
        foreach (var descendant in Walk(child))
            yield return descendant;
    }

    public override string ToString() => $"{Sql}\n{JsonSerializer.Serialize(Root, new JsonSerializerOptions { WriteIndented = true })}";
}
