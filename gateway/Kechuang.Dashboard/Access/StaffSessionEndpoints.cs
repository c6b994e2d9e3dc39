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
            sessions.End(http.User);
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/signin");
        });

        app.MapGet("/culture/{name}", (string name, [FromQuery] string? returnUrl, HttpContext http) =>
        {
            var culture = UiCulture.Supported.Contains(name) ? name : UiCulture.Default;
            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { MaxAge = TimeSpan.FromDays(365), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true });
            return Results.LocalRedirect(LocalUrl(returnUrl));
        });
        return app;
    }

    /// <summary>Only paths of this site: a return URL never sends anyone elsewhere.</summary>
    public static string LocalUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url
            : "/";
}
