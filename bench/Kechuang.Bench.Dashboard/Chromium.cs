using Microsoft.Playwright;

namespace Kechuang.Bench.Dashboard;

/// <summary>Debian's Chromium (the <c>chromium</c> package, no <c>playwright install</c>), headless.</summary>
public static class Chromium
{
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
        });

    /// <summary>Signs a staff user in on the page (the dashboard's sign-in form) and waits until it shows who is signed in.</summary>
    public static async Task SignInAsync(IPage page, string username, string password)
    {
        await page.GotoAsync("/signin");
        await page.FillAsync("#username", username);
        await page.FillAsync("#password", password);
        await page.ClickAsync("[data-testid=signin-submit]");
        await page.Locator("[data-testid=current-user]").WaitForAsync();
    }
}
