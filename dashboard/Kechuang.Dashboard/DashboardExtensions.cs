using Kechuang.Dashboard.Access;
using Kechuang.Dashboard.Api;
using Kechuang.Dashboard.Components;
using Kechuang.Dashboard.Localization;
using Kechuang.Dashboard.Replicas;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor.Services;

namespace Kechuang.Dashboard;

/// <summary>
/// The staff dashboard: a Blazor Web App (interactive server rendering, MudBlazor) that the gateway
/// serves at <c>/</c>. It calls only the gateway's public API, with the signed-in user's bearer
/// token, which stays on the server (<see cref="StaffSessions"/>); the browser holds an encrypted
/// cookie naming the session, never the token.
/// </summary>
public static class DashboardExtensions
{
    /// <summary>Names this assembly for test hosts (<c>WebApplicationFactory&lt;Marker&gt;</c>).</summary>
    public sealed class Marker;

    /// <summary>The gateway's longest request target (8 KiB) with its method, version and headroom.</summary>
    public const int RequestLineLimit = 9 * 1024;

    public static WebApplicationBuilder AddDashboard(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults();
        // The gateway forwards request targets of up to 8 KiB: read every one whole (Kestrel's own
        // 8 KiB line would close the connection behind a bare 414, which the gateway sees as a reset).
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestLineSize = RequestLineLimit);
        var services = builder.Services;
        // Replicas share the key ring and the sessions: a browser may land on any of them.
        services.AddSharedKeyRing(builder.Configuration);

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices(o =>
        {
            o.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomRight;
            o.SnackbarConfiguration.VisibleStateDuration = 4000;
        });

        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.Cookie.Name = "kechuang.staff";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = "/signin";
                o.LogoutPath = "/signout";
                o.AccessDeniedPath = "/";
                o.ReturnUrlParameter = "returnUrl";
                // The cookie lives no longer than the gateway's token it names (StaffSessions).
                o.SlidingExpiration = false;
                o.Events.OnValidatePrincipal = StaffSessions.ValidatePrincipalAsync;
            });
        services.AddAuthorization();
        services.AddCascadingAuthenticationState();
        services.AddMemoryCache();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<StaffSessions>();
        services.AddSingleton<Kechuang.Dashboard.Components.Pages.OverviewCache>();
        services.AddScoped<StaffContext>();
        services.AddScoped<Texts>(sp => Texts.For(System.Globalization.CultureInfo.CurrentUICulture));

        services.AddHttpClient<GatewayClient>(http =>
            http.BaseAddress = new Uri(builder.Configuration["Dashboard:GatewayUrl"] ?? "http://gateway"));
        services.AddScoped<KechuangApi>();
        services.AddScoped<Kechuang.Dashboard.Components.Shared.Feedback>();

        services.Configure<ForwardedHeadersOptions>(o =>
        {
            // The gateway is the only way in; it sets X-Forwarded-For/Proto/Host.
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
        });
        return builder;
    }

    private const string ErrorPage = """
        <!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>出错了 · Something went wrong</title>
        <p>页面出错了，请稍后重试或<a href="/">返回首页</a>。</p>
        <p lang="en">Something went wrong. Try again in a moment, or <a href="/">go to the overview</a>.</p>
        """;

    public static WebApplication UseDashboard(this WebApplication app)
    {
        app.UseForwardedHeaders();
        // An unexpected failure outside a live circuit: a plain page in both languages, no details,
        // in Development too (./kechuang run): no stack trace or request header ever reaches a browser.
        app.UseExceptionHandler(failed => failed.Run(http =>
        {
            http.Response.ContentType = "text/html; charset=utf-8";
            return http.Response.WriteAsync(ErrorPage);
        }));
        app.UseRequestLocalization(UiCulture.Options());
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapDefaultEndpoints();
        app.MapStaticAssets();
        app.MapStaffSessionEndpoints();
        app.MapFileDownloads();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
