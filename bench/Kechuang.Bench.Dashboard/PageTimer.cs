using System.Diagnostics;
using Microsoft.Playwright;

namespace Kechuang.Bench.Dashboard;

/// <summary>Debian's Chromium, headless: one signed-in context per role, timing full page loads.</summary>
public sealed class PageTimer : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly BenchSystem _system;
    private readonly Dictionary<(string, string?), IPage> _pages = [];

    private PageTimer(IPlaywright playwright, IBrowser browser, BenchSystem system) => (_playwright, _browser, _system) = (playwright, browser, system);

    public static async Task<PageTimer> StartAsync(BenchSystem system)
    {
        var playwright = await Playwright.CreateAsync();
        return new PageTimer(playwright, await Chromium.LaunchAsync(playwright), system);
    }

    /// <summary>
    /// Milliseconds from navigation to the page showing its data: the first load (nothing cached in
    /// the dashboard yet), then <paramref name="rounds"/> more.
    /// </summary>
    public async Task<(double First, List<double> Times)> MeasureAsync(string role, string? province, string path, int rounds)
    {
        var page = await PageAsync(role, province);
        var first = 0.0;
        var times = new List<double>();
        for (var i = 0; i <= rounds; i++)
        {
            var watch = Stopwatch.StartNew();
            await page.GotoAsync(path);
            await LoadedAsync(page, path);
            watch.Stop();
            if (i > 0) times.Add(watch.Elapsed.TotalMilliseconds);
            else first = watch.Elapsed.TotalMilliseconds;
        }
        return (first, times);
    }

    private static async Task LoadedAsync(IPage page, string path)
    {
        if (path.EndsWith("/print", StringComparison.Ordinal))
        {
            await page.Locator("[data-testid=print-form]").WaitForAsync();
            return;
        }
        await page.Locator("[data-testid=current-user]").WaitForAsync();
        await page.Locator("h1").WaitForAsync();
        await page.Locator("[data-testid=loading]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
        if (path == "/") await page.Locator("[data-testid=stat-applications-value], [data-testid=stat-pilots-value]").First.WaitForAsync();
        if (path.StartsWith("/applications", StringComparison.Ordinal) && path.Length <= "/applications".Length)
            await page.Locator("[data-testid=application-link]").First.WaitForAsync();
    }

    private async Task<IPage> PageAsync(string role, string? province)
    {
        if (_pages.TryGetValue((role, province), out var existing)) return existing;
        var (username, password) = await _system.StaffAsync(role, province);
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = _system.Gateway.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        await Chromium.SignInAsync(page, username, password);
        _pages[(role, province)] = page;
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
