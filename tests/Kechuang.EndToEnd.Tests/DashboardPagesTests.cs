using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Kechuang.EndToEnd.Tests;

/// <summary>Every main page renders for the national centre, with data, at 1440×900; each is captured for the README.</summary>
public sealed class DashboardPagesTests(SystemFixture system, DashboardBrowser browser) : IClassFixture<DashboardBrowser>
{
    [Fact]
    public async Task Every_main_page_renders_for_the_centre_and_is_captured()
    {
        await DashboardSample.SeedAsync(system);
        var page = await browser.SignInAsync(system, "centre");
        var signIn = await browser.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        await signIn.GotoAsync(new Uri(system.Gateway.BaseAddress!, "/signin").ToString());
        await DashboardBrowser.ScreenshotAsync(signIn, "signin");
        await signIn.CloseAsync();

        await Expect(page.Locator("[data-testid=stat-applications-value]")).Not.ToHaveTextAsync("0");
        await page.WaitForTimeoutAsync(500); // let the charts finish their entry animation
        await DashboardBrowser.ScreenshotAsync(page, "overview");

        await Visit(page, "/applications", "试点申报审核", "applications");
        await page.Locator("[data-testid=application-link]").First.ClickAsync();
        await DashboardBrowser.Ready(page);
        await Expect(page.Locator("[data-testid=application-form]")).ToBeVisibleAsync();
        await DashboardBrowser.ScreenshotAsync(page, "application-centre");
        var printUrl = await page.Locator("[data-testid=print]").GetAttributeAsync("href");
        await page.GotoAsync(printUrl!);
        await Expect(page.Locator("[data-testid=print-form]")).ToBeVisibleAsync();
        await DashboardBrowser.ScreenshotAsync(page, "application-print");

        await Visit(page, "/experts", "专家库与审核", "experts");
        await Visit(page, "/visits", "进校需求看板", "visits");
        await Visit(page, "/resources", "科教资源", "resources");
        await Visit(page, "/training", "教师培训与认证", "training");
        await Visit(page, "/outreach", "科技教育活动乡村行", "outreach");
        await Expect(page.Locator("[data-testid=coverage-table]")).ToContainTextAsync("贵州省");
        await page.Locator("[data-testid=coverage-table] tbody tr", new() { HasText = "贵州省" }).ClickAsync();
        await Expect(page.Locator("[data-testid=coverage-table]")).ToContainTextAsync("黔东南苗族侗族自治州");
        await page.Context.CloseAsync();
    }

    private static async Task Visit(IPage page, string path, string title, string screenshot)
    {
        await page.GotoAsync(path);
        await DashboardBrowser.Ready(page);
        await Expect(page.Locator("h1")).ToHaveTextAsync(title);
        await DashboardBrowser.ScreenshotAsync(page, screenshot);
    }
}
