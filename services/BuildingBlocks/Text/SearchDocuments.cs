using JasperFx;
using Marten;
using Marten.Linq.MatchesSql;
using Marten.Schema;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Weasel.Postgresql.Tables;

namespace Kechuang.BuildingBlocks.Text;

/// <summary>
/// A Marten document whose text a list's <c>?q=</c> finds, matched as the resource catalogue
/// matches (<see cref="SearchText"/>): its folded text is in its JSON (<see cref="FoldedText"/>,
/// one line per field) for the exact substring check, its <see cref="SearchText.Grams"/> in a
/// duplicated <c>text[]</c> column under a GIN index (register it with
/// <c>m.Schema.For&lt;T&gt;().Duplicate(d =&gt; d.SearchGrams, pgType: SearchDocuments.GramsType, configure: SearchDocuments.GinIndex)</c>).
/// </summary>
public interface ISearchable : ILongVersioned
{
    Guid Id { get; }

    /// <summary>The searched fields, each <see cref="SearchText.Fold">folded</see>, a line each (a query is one line).</summary>
    string FoldedText { get; }

    /// <summary>The <see cref="SearchText.Grams"/> of the folded fields: kept out of the JSON, Marten writes them to their column.</summary>
    string[] SearchGrams { get; }
}

public static class SearchDocuments
{
    /// <summary>The column Marten names the duplicated <see cref="ISearchable.SearchGrams"/>.</summary>
    public const string GramsColumn = "search_grams";

    public const string GramsType = "text[]";

    /// <summary>The JSON key of <see cref="ISearchable.FoldedText"/> (camel case, as every document is stored).</summary>
    public const string FoldedTextKey = "foldedText";

    /// <summary>The documents stored before their type had grams: Marten filled the new column with an empty array.</summary>
    internal const string WithoutGrams = $"coalesce(cardinality({GramsColumn}), 0) = 0";

    /// <summary>The grams' index is a GIN one: <c>@&gt;</c> (contains all) is what it serves.</summary>
    public static void GinIndex(DocumentIndex index) => index.Method = IndexMethod.gin;

    /// <summary>
    /// The documents whose folded text contains <paramref name="text"/> folded: the index finds
    /// those with all its grams, the exact check (on those few) keeps those with the substring.
    /// </summary>
    public static IQueryable<T> WhereTextContains<T>(this IQueryable<T> query, string text) where T : class, ISearchable
    {
        var folded = SearchText.Fold(text);
        var grams = SearchText.QueryGrams(folded);
        return query.Where(d => d.MatchesSql($"d.{GramsColumn} @> ? and strpos(d.data ->> '{FoldedTextKey}', ?) > 0", grams, folded));
    }

    /// <summary>Fills in, at start, the search fields of the documents of <typeparamref name="T"/> stored without them.</summary>
    public static WebApplicationBuilder AddSearchBackfill<T>(this WebApplicationBuilder builder) where T : class, ISearchable
    {
        builder.Services.AddHostedService<SearchBackfill<T>>();
        return builder;
    }
}

/// <summary>
/// Gives the documents stored before <typeparamref name="T"/> was searched by grams their folded
/// text and grams, in batches of <see cref="BatchSize"/> in id order, in the background once the
/// service has started (a large table must not hold its start past the probes; until it is done
/// <c>?q=</c> misses the documents not yet filled), again after <see cref="RetryAfter"/> when it
/// failed. Idempotent: a document that has grams is left alone, so two replicas starting together
/// do the work once between them (the second's update of a row waits for the first's and then
/// finds it done), and a document a request wrote after it was read (another version) keeps what
/// that request wrote. Only the two search fields change.
/// </summary>
public sealed class SearchBackfill<T>(IDocumentStore store, ILogger<SearchBackfill<T>> logger) : BackgroundService where T : class, ISearchable
{
    public const int BatchSize = 500;
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var found = await RunAsync(stoppingToken);
                if (found > 0) SearchBackfillLog.Found(logger, found, typeof(T).Name);
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                SearchBackfillLog.Failed(logger, ex, typeof(T).Name, RetryAfter);
                await Task.Delay(RetryAfter, stoppingToken);
            }
        }
    }

    /// <summary>Answers how many documents it found without search fields (another replica may have filled some of them first).</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var table = store.Options.Schema.For<T>();
        var update = $"""
            update {table} set {SearchDocuments.GramsColumn} = ?, data = jsonb_set(data, ?, to_jsonb(?::text))
            where id = ? and mt_version = ? and {SearchDocuments.WithoutGrams}
            """;
        string[] path = [SearchDocuments.FoldedTextKey];
        var found = 0;
        Guid? after = null;
        while (true)
        {
            await using var session = store.LightweightSession();
            var batch = after is { } last
                ? await session.QueryAsync<T>($"where {SearchDocuments.WithoutGrams} and id > ? order by id limit {BatchSize}", ct, last)
                : await session.QueryAsync<T>($"where {SearchDocuments.WithoutGrams} order by id limit {BatchSize}", ct);
            if (batch.Count == 0) return found;
            foreach (var document in batch) session.QueueSqlCommand(update, document.SearchGrams, path, document.FoldedText, document.Id, document.Version);
            await session.SaveChangesAsync(ct);
            found += batch.Count;
            after = batch[^1].Id;
        }
    }

}

internal static partial class SearchBackfillLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Found {Count} {Document} documents stored without search fields and filled them in (those another replica had not filled first)")]
    public static partial void Found(ILogger logger, int count, string document);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Filling in the search fields of {Document} documents failed; trying again in {RetryAfter}")]
    public static partial void Failed(ILogger logger, Exception exception, string document, TimeSpan retryAfter);
}
