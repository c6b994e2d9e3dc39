using Kechuang.Dashboard.Api;
using MudBlazor;

namespace Kechuang.Dashboard.Components.Shared;

/// <summary>
/// The one loader of the dashboard's server-paged tables (<c>MudTable ServerData</c>): the table's
/// page (0-based) is the API's <c>page</c> (1-based) and its rows per page the <c>pageSize</c>; a
/// problem is reported through <see cref="Feedback"/> and shows as an empty page.
/// </summary>
public static class ServerTable
{
    /// <param name="fetch">The list call, given the API's page and pageSize.</param>
    /// <param name="loaded">Run once the answer is in (the page's loading bar off, a re-render).</param>
    public static async Task<TableData<T>> LoadAsync<T>(
        TableState state, Func<int, int, Task<ApiResult<Paged<T>>>> fetch, Feedback feedback, Action loaded)
    {
        var result = await fetch(state.Page + 1, state.PageSize);
        if (result.Problem is { } problem) feedback.Failed(problem);
        var page = result.Value ?? Paged<T>.Empty;
        loaded();
        return new TableData<T> { Items = page.Items, TotalItems = (int)page.Total };
    }
}
