using System.Net;
using System.Net.Http.Json;
using Kechuang.TestKit;
using Microsoft.Playwright;
using Xunit;

namespace Kechuang.EndToEnd.Tests;

/// <summary>
/// Debian's Chromium driven by Playwright (no <c>playwright install</c>: the test command installs
/// the <c>chromium</c> package), headless, one browser for the dashboard tests, a fresh context
/// (cookies, storage) per signed-in user at 1440×900. Screenshots go to <c>screenshots/</c> in the
/// test output.
/// </summary>
public sealed class DashboardBrowser : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public static readonly string ScreenshotDirectory = Path.Combine(AppContext.BaseDirectory, "screenshots");

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"{ChromiumPath} is missing: apt-get install -y --no-install-recommends chromium (./kechuang test does).");
        Directory.CreateDirectory(ScreenshotDirectory);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
            ],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }

    /// <summary>A staff account made with the bootstrap admin key, as an administrator would.</summary>
    public static async Task<(string Username, string Password)> CreateStaffAsync(SystemFixture system, string role, string? province = null)
    {
        var username = $"{role}.{Guid.NewGuid():N}"[..20];
        const string password = "dashboard-test-password";
        using var admin = system.AdminClient();
        var created = await admin.PostAsJsonAsync("/api/v1/users", new { username, password, role, province });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (username, password);
    }

    /// <summary>The gateway waits for the services, not for the dashboard: wait until it answers through the gateway.</summary>
    public static Task DashboardUpAsync(SystemFixture system) =>
        Eventually.True(async () => (await system.Gateway.GetAsync("/signin")).IsSuccessStatusCode,
            TimeSpan.FromMinutes(1), "the dashboard answers through the gateway");

    /// <summary>A new browser context signed in through the dashboard's sign-in page; the page shows the overview.</summary>
    public async Task<IPage> SignInAsync(SystemFixture system, string role, string? province = null, string returnUrl = "/")
    {
        await DashboardUpAsync(system);
        var (username, password) = await CreateStaffAsync(system, role, province);
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = system.Gateway.BaseAddress!.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
            Locale = "zh-CN",
        });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/signin?returnUrl={Uri.EscapeDataString(returnUrl)}");
        await page.FillAsync("#username", username);
        await page.FillAsync("#password", password);
        await page.ClickAsync("[data-testid=signin-submit]");
        await Ready(page);
        return page;
    }

    /// <summary>The interactive layout is up (the circuit rendered the signed-in user) and nothing is loading.</summary>
    public static async Task Ready(IPage page)
    {
        await page.Locator("[data-testid=current-user]").WaitForAsync();
        await page.Locator("[data-testid=loading]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = false });
}
