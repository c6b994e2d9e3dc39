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
    /// One page of a query and the total of the whole query: two statements, a count and the page.
    /// Not Marten's query statistics (<c>count(*) over ()</c> in the page's select, one statement):
    /// the window makes PostgreSQL keep every matching row, its JSON included, before it sorts and
    /// cuts the page, so its cost grows with the table, not with the page.
    /// </summary>
    public static async Task<(IReadOnlyList<T> Items, long Total)> ToPageAsync<T>(
        this IQueryable<T> filtered, Func<IQueryable<T>, IQueryable<T>> order, PageRequest page, CancellationToken ct)
        where T : notnull
    {
        var total = await filtered.CountAsync(ct);
        var items = total <= page.Skip ? [] : await order(filtered).Skip(page.Skip).Take(page.PageSize).ToListAsync(ct);
        return (items, total);
    }

    /// <summary>The <see cref="PagedList{T}"/> a list endpoint answers: <see cref="ToPageAsync"/>, each item as its view.</summary>
    public static async Task<PagedList<TView>> ToPagedListAsync<T, TView>(
        this IQueryable<T> filtered, Func<IQueryable<T>, IQueryable<T>> order, Func<T, TView> view, PageRequest page, CancellationToken ct)
        where T : notnull
    {
        var (items, total) = await filtered.ToPageAsync(order, page, ct);
        return PagedList<TView>.From(items.Select(view).ToList(), total, page);
    }
}
