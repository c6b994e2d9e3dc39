using System.Globalization;
using System.Text;
using Kechuang.Dashboard.Access;
using Kechuang.Dashboard.Components.Pages;
using Microsoft.AspNetCore.Components;

namespace Kechuang.Dashboard.Api;

/// <summary>
/// The API as the pages use it, as the signed-in user. A 401 (the token expired or was refused)
/// ends the session and sends the user to sign in again, back to the same page afterwards.
/// </summary>
public sealed partial class KechuangApi(GatewayClient gateway, StaffContext staff, NavigationManager navigation, OverviewCache overview)
{
    public Task<ApiResult<T>> GetAsync<T>(string path, CancellationToken ct = default) =>
        SendAsync<T>(HttpMethod.Get, path, null, null, ct);

    /// <summary>An action; once it succeeds the overview's figures are read afresh.</summary>
    public async Task<ApiResult<T>> PostAsync<T>(string path, object? body, long? ifMatch = null, CancellationToken ct = default)
    {
        var result = await SendAsync<T>(HttpMethod.Post, path, body ?? new { }, ifMatch, ct);
        if (result.Ok) overview.Invalidate();
        return result;
    }

    private async Task<ApiResult<T>> SendAsync<T>(HttpMethod method, string path, object? body, long? ifMatch, CancellationToken ct)
    {
        var session = await staff.SessionAsync();
        if (session is null) return SignInAgain<T>();
        var result = await gateway.SendAsync<T>(method, path, body, session.AccessToken, ifMatch, ct);
        if (result.Problem is { Status: 401 })
        {
            await staff.EndAsync();
            return SignInAgain<T>();
        }
        return result;
    }

    private ApiResult<T> SignInAgain<T>()
    {
        var here = "/" + navigation.ToBaseRelativePath(navigation.Uri);
        navigation.NavigateTo($"/signin?expired=1&returnUrl={Uri.EscapeDataString(here)}", forceLoad: true);
        return new ApiResult<T>(default, new ApiProblem(401, "unauthorized", "", null, ApiProblem.NoErrors));
    }

    /// <summary>A path with a query string of the given values; nulls and empty strings are left out.</summary>
    public static string Query(string path, params (string Name, object? Value)[] values)
    {
        var query = new StringBuilder(path);
        var first = !path.Contains('?');
        foreach (var (name, value) in values)
        {
            var text = value switch
            {
                null => null,
                bool b => b ? "true" : "false",
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => value.ToString(),
            };
            if (string.IsNullOrEmpty(text)) continue;
            query.Append(first ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(text));
            first = false;
        }
        return query.ToString();
    }
}
