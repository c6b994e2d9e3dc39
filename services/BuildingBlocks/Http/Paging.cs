using Marten;
using Microsoft.AspNetCore.Http;

namespace Kechuang.BuildingBlocks.Http;

/// <summary><c>?page=1&amp;pageSize=50</c>, at most 200 a page and <see cref="MaxPage"/> pages.</summary>
public readonly record struct PageRequest(int Page, int PageSize)
{
    public const int DefaultSize = 50;
    public const int MaxSize = 200;

    /// <summary>The last page any list can be asked for: its offset still fits an <see cref="int"/>.</summary>
    public const int MaxPage = int.MaxValue / MaxSize;

    public int Skip => (Page - 1) * PageSize;

    /// <summary>Binds the paging query of a list endpoint; bad values are a 400, not a silent default.</summary>
    public static ValueTask<PageRequest> BindAsync(HttpContext http)
    {
        var errors = new Validator();
        var query = http.Request.Query;
        var number = ReadInt(query["page"], "page", 1, MaxPage, 1, errors);
        var size = ReadInt(query["pageSize"], "pageSize", 1, MaxSize, DefaultSize, errors);
        if (!errors.IsValid) throw new RequestValidationException(errors.Errors);
        return ValueTask.FromResult(new PageRequest(number, size));
    }

    private static int ReadInt(string? raw, string field, int min, int max, int fallback, Validator errors)
    {
        if (string.IsNullOrEmpty(raw)) return fallback;
        if (!int.TryParse(raw, out var value) || value < min || value > max)
        {
            errors.Add(field, $"must be a whole number from {min} to {max}.");
            return fallback;
        }
        return value;
    }
}

/// <summary>One page of a list: <c>{items, total, page, pageSize}</c>.</summary>
public sealed record PagedList<T>(IReadOnlyList<T> Items, long Total, int Page, int PageSize)
{
    public static PagedList<T> From(IReadOnlyList<T> items, long total, PageRequest request) =>
        new(items, total, request.Page, request.PageSize);
}

public static class Pages
{
    /// <summary>
    /// One page of an ordered query and the total of the whole query, in one statement: Marten's
    /// query statistics add <c>count(*) over ()</c> to the page's select. A page past the end has
    /// no row to carry the count, so only then a second statement reads it from the first row.
    /// </summary>
    public static async Task<(IReadOnlyList<T> Items, long Total)> ToPageAsync<T>(
        this IQueryable<T> ordered, PageRequest page, CancellationToken ct) where T : notnull
    {
        var items = await ordered.Stats(out var stats).Skip(page.Skip).Take(page.PageSize).ToListAsync(ct);
        if (items.Count > 0 || page.Page == 1) return (items, stats.TotalResults);
        await ordered.Stats(out var whole).Take(1).ToListAsync(ct);
        return (items, whole.TotalResults);
    }
}
