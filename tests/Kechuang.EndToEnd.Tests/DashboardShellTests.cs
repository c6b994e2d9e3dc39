using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;

namespace Kechuang.EndToEnd.Tests;

/// <summary>The dashboard behind the gateway: sign-in, the layout, the language switch, sign-out, routing.</summary>
public sealed class DashboardShellTests(SystemFixture system, DashboardBrowser browser) : IClassFixture<DashboardBrowser>
{
    /// <summary>A navigation's wait: on failure Playwright names the URL the page is at instead.</summary>
    private static readonly PageAssertionsToHaveURLOptions Navigation = new() { Timeout = 30_000 };

    [Fact]
    public async Task The_gateway_serves_the_dashboard_at_the_root_and_keeps_json_404s_for_the_api()
    {
        await DashboardBrowser.DashboardUpAsync(system);
        var root = await system.Gateway.GetAsync("/signin");
        Assert.Equal(HttpStatusCode.OK, root.StatusCode);
        Assert.Equal("text/html", root.Content.Headers.ContentType?.MediaType);

        var api = await system.Gateway.GetAsync("/api/v1/no-such-collection");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);

        // Signed out, a page of the dashboard sends the browser to sign in and back.
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = system.Gateway.BaseAddress };
        var overview = await noRedirects.GetAsync("/applications");
        Assert.Equal(HttpStatusCode.Redirect, overview.StatusCode);
        Assert.StartsWith("/signin?returnUrl=%2Fapplications", overview.Headers.Location?.PathAndQuery);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_on_the_sign_in_page()
    {
        await DashboardBrowser.DashboardUpAsync(system);
        var (username, _) = await DashboardBrowser.CreateStaffAsync(system, "centre");
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = system.Gateway.BaseAddress!.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.FillAsync("#username", username);
        await page.FillAsync("#password", "not-the-password");
        await page.ClickAsync("[data-testid=signin-submit]");
        await Assertions.Expect(page.Locator("[data-testid=signin-error]")).ToContainTextAsync("用户名或密码不正确");
        await context.CloseAsync();
    }

    [Fact]
    public async Task A_centre_user_signs_in_in_Chinese_switches_to_English_and_signs_out()
    {
        var page = await browser.SignInAsync(system, "centre");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("项目总览");
        await Assertions.Expect(page.Locator("[data-testid=current-user]")).ToContainTextAsync("全国组织单位");

        await page.ClickAsync("[data-testid=switch-language]");
        await DashboardBrowser.Ready(page);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Programme overview");

        await page.ClickAsync("[data-testid=sign-out]");
        await page.WaitForURLAsync("**/signin");
        await page.GotoAsync("/");
        await page.WaitForURLAsync("**/signin?returnUrl=*");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task When_the_session_ends_the_next_call_sends_the_user_to_sign_in_and_back()
    {
        await DashboardBrowser.DashboardUpAsync(system);
        var (username, password) = await DashboardBrowser.CreateStaffAsync(system, "province", "甘肃省");
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = system.Gateway.BaseAddress!.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.FillAsync("#username", username);
        await page.FillAsync("#password", password);
        await page.ClickAsync("[data-testid=signin-submit]");
        await DashboardBrowser.Ready(page);

        // The session ends elsewhere (another tab signs out); this tab's circuit is still open.
        var other = await context.NewPageAsync();
        await other.GotoAsync("/");
        await DashboardBrowser.Ready(other);
        await other.ClickAsync("[data-testid=sign-out]");
        await Assertions.Expect(other).ToHaveURLAsync(new Regex("/signin$"), Navigation);

        await page.Locator("a[href='/applications']").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/signin\?expired=1&returnUrl=%2Fapplications$"), Navigation);
        await Assertions.Expect(page.Locator("[data-testid=session-expired]")).ToBeVisibleAsync();
        await page.FillAsync("#username", username);
        await page.FillAsync("#password", password);
        await page.ClickAsync("[data-testid=signin-submit]");
        await DashboardBrowser.Ready(page);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("试点申报审核");
        await context.CloseAsync();
    }

    [Fact]
    public async Task A_read_only_partner_role_is_offered_neither_applications_nor_curation()
    {
        var page = await browser.SignInAsync(system, "reader");
        await Assertions.Expect(page.Locator("a[href='/applications']")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("a[href='/visits']")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=stat-applications]")).ToHaveCountAsync(0);

        await page.Locator("a[href='/resources']").ClickAsync();
        await DashboardBrowser.Ready(page);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("科教资源");
        await Assertions.Expect(page.Locator("[data-testid=catalogue]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=review-queue]")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }
}
