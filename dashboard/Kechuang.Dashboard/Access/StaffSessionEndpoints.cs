using System.Text;
using Kechuang.Dashboard.Localization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;

namespace Kechuang.Dashboard.Access;

/// <summary>Sign-out and the language switch: plain form posts and links, outside any circuit.</summary>
public static class StaffSessionEndpoints
{
    public static IEndpointRouteBuilder MapStaffSessionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/signout", async (HttpContext http, StaffSessions sessions, IAntiforgery antiforgery) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http)) return Results.BadRequest();
            await sessions.EndAsync(http.User);
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/signin");
        });

        app.MapGet("/culture/{name}", (string name, [FromQuery] string? returnUrl, HttpContext http) =>
        {
            var culture = UiCulture.Supported.Contains(name) ? name : UiCulture.Default;
            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { MaxAge = TimeSpan.FromDays(365), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true });
            return Results.Redirect(LocalUrl(returnUrl));
        });
        return app;
    }

    /// <summary>
    /// Only paths of this site: a return URL never sends anyone elsewhere, and one that is not a
    /// plain local path (another host, <c>//</c>, <c>/\</c>, a control character) is the overview.
    /// What is not printable ASCII (<c>?q=北京</c>) is percent-encoded, as a Location header must be.
    /// </summary>
    public static string LocalUrl(string? url)
    {
        if (string.IsNullOrEmpty(url) || url[0] != '/' || url.Length > 1 && url[1] is '/' or '\\' || url.Any(char.IsControl))
            return "/";
        var local = new StringBuilder(url.Length);
        foreach (var b in Encoding.UTF8.GetBytes(url))
            local.Append(b is > 0x20 and < 0x7f ? ((char)b).ToString() : $"%{b:X2}");
        return local.ToString();
    }
}
