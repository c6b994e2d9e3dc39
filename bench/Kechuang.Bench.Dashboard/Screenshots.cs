using System.Text.Json;
using Kechuang.Seed;
using Microsoft.Playwright;
using DemoSeeder = Kechuang.Seed.Seeder;

namespace Kechuang.Bench.Dashboard;

/// <summary>
/// The README's dashboard screenshots from the demo data set: a fresh system, the seed as
/// <c>./kechuang seed</c> runs it (tools/Kechuang.Seed, timed), then each main page at 1440×900 as
/// the demo account it is for: the national centre for the national pages, the featured province's
/// association for an application as its province sees it.
/// </summary>
public static class Screenshots
{
    public static async Task<int> TakeAsync(string directory)
    {
        Directory.CreateDirectory(directory);
        await using var system = await BenchSystem.StartAsync();
        // ./kechuang screenshots hands over the demo password, as ./kechuang seed does; else one of this
        // run only (the system's databases are dropped afterwards).
        var password = Environment.GetEnvironmentVariable("KECHUANG_DEMO_PASSWORD") is { Length: > 0 } given ? given : $"demo-{Guid.NewGuid():N}";
        using var http = new HttpClient { BaseAddress = system.Gateway, Timeout = TimeSpan.FromSeconds(60) };
        var api = new SeedClient(http);
        var progress = Progress.ToStandardError();
        progress.Note($"seeding {system.Gateway} ({SeedScale.Demo.Name} scale), a fresh system");
        SeedResult seeded;
        try
        {
            seeded = await new DemoSeeder(api, BenchSystem.AdminKey, password, progress).SeedAsync(SeedScale.Demo);
        }
        catch (SeedException e)
        {
            Console.Error.WriteLine($"seed failed: {e.Message}");
            return 1;
        }
        Console.WriteLine(Report.Of(seeded, system.Gateway, password));
        Console.WriteLine($"the demo seed took {seeded.Elapsed.TotalSeconds:0.0} s on a fresh system ({seeded.Writes} writes)");

        var centre = seeded.Accounts.Single(a => a.Featured && a.Role == "centre");
        var province = seeded.Accounts.Single(a => a.Featured && a.Role == "province");
        var centreApi = await SignInAsync(api, centre.Username, password);
        var provinceApi = await SignInAsync(api, province.Username, password);
        await ConsumersCaughtUpAsync(api, centreApi, province.Province!);
        var submitted = Id((await api.GetAsync(provinceApi, "/api/v1/applications?status=submitted")).GetProperty("items")[0]);
        // The centre's page of a recommended application its experts have scored already.
        var recommended = Id((await api.ListAllAsync(centreApi, "/api/v1/applications?status=recommended"))
            .First(a => a.GetProperty("averageScore").ValueKind == JsonValueKind.Number));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var shots = new Camera(browser, system.Gateway, directory);

        var signIn = await shots.OpenAsync();
        await signIn.GotoAsync("/signin");
        await signIn.Locator("#username").WaitForAsync();
        await shots.TakeAsync(signIn, "signin");

        var page = await shots.SignInAsync(centre.Username, password);
        await shots.ShowAsync(page, "/", "[data-testid=stat-applications-value]", chart: true);
        await shots.TakeAsync(page, "overview");
        await shots.ShowAsync(page, "/applications", "[data-testid=application-link]");
        await shots.TakeAsync(page, "applications");
        await shots.ShowAsync(page, $"/applications/{recommended}", "[data-testid=application-form]");
        await shots.TakeAsync(page, "application-centre");
        await shots.ShowAsync(page, $"/applications/{recommended}/print", "[data-testid=print-form]");
        await shots.TakeAsync(page, "application-print");
        await shots.ShowAsync(page, "/experts", "tr.mud-table-row");
        await shots.TakeAsync(page, "experts");
        await shots.ShowAsync(page, "/visits", "[data-testid=visit-board] a");
        await shots.TakeAsync(page, "visits");
        await shots.ShowAsync(page, "/resources", "tr.mud-table-row");
        await shots.TakeAsync(page, "resources");
        await shots.ShowAsync(page, "/training", "[data-testid=courses] tr.mud-table-row");
        await shots.TakeAsync(page, "training");
        await shots.ShowAsync(page, "/outreach", "[data-testid=coverage-table] tr.mud-table-row", chart: true);
        await shots.TakeAsync(page, "outreach");

        // The province's association on a submitted application of its own, about to recommend it.
        var own = await shots.SignInAsync(province.Username, password);
        await shots.ShowAsync(own, $"/applications/{submitted}", "[data-testid=application-form]");
        await own.Locator("[data-testid=field-comment] textarea").FillAsync("材料齐全，工作基础扎实，同意推荐。");
        await shots.TakeAsync(own, "application");
        Console.WriteLine($"screenshots in {Path.GetFullPath(directory)}: {string.Join(", ", shots.Taken)}");
        return 0;
    }

    private static async Task<Caller> SignInAsync(SeedClient api, string username, string password)
    {
        var answer = await api.PostAsync(new Caller(username), "/api/v1/auth/token", new { username, password }, null);
        return new Caller(username, Token: answer.GetProperty("accessToken").GetString());
    }

    private static Guid Id(JsonElement record) => record.GetProperty("id").GetGuid();

    /// <summary>
    /// The pages show what Outreach builds from the other services' events: wait until every rural
    /// teacher's completion reached the coverage, and the province's delivered visits too.
    /// </summary>
    private static async Task ConsumersCaughtUpAsync(SeedClient api, Caller centre, string province)
    {
        var completions = SeedScale.Demo.CompletionsPerProvince * Geography.Provinces.Count;
        var deadline = DateTimeOffset.UtcNow.AddMinutes(2);
        while (true)
        {
            var rows = (await api.GetAsync(centre, "/api/v1/coverage?level=province")).GetProperty("items").EnumerateArray().ToList();
            var trained = rows.Sum(r => r.GetProperty("teachersTrained").GetInt32());
            var visited = rows.Any(r => r.GetProperty("province").GetString() == province && r.GetProperty("expertVisits").GetInt32() > 0);
            if (trained >= completions && visited) return;
            if (DateTimeOffset.UtcNow > deadline)
                throw new TimeoutException($"Outreach is behind: {trained} of {completions} rural teachers trained, visits to {province}: {visited}");
            await Task.Delay(500);
        }
    }

    /// <summary>Browser contexts at 1440×900 in Chinese; each capture written as <c>name.png</c>.</summary>
    private sealed class Camera(IBrowser browser, Uri gateway, string directory)
    {
        public List<string> Taken { get; } = [];

        public async Task<IPage> OpenAsync()
        {
            var context = await browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = gateway.ToString().TrimEnd('/'),
                ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
                Locale = "zh-CN",
            });
            context.SetDefaultTimeout(60_000);
            return await context.NewPageAsync();
        }

        /// <summary>Signs in on the dashboard's sign-in page, as staff do; the page then shows the overview.</summary>
        public async Task<IPage> SignInAsync(string username, string password)
        {
            var page = await OpenAsync();
            await Chromium.SignInAsync(page, username, password);
            await ReadyAsync(page);
            return page;
        }

        /// <summary>Opens <paramref name="path"/> and waits for its data (<paramref name="content"/>) and, on a page with charts, their entry animation.</summary>
        public async Task ShowAsync(IPage page, string path, string content, bool chart = false)
        {
            await page.GotoAsync(path);
            if (!path.EndsWith("/print", StringComparison.Ordinal)) await ReadyAsync(page);
            await page.Locator(content).First.WaitForAsync();
            if (chart) await page.WaitForTimeoutAsync(1000);
        }

        public async Task TakeAsync(IPage page, string name)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, name + ".png"), FullPage = false });
            Taken.Add(name);
        }

        private static async Task ReadyAsync(IPage page)
        {
            await page.Locator("[data-testid=current-user]").WaitForAsync();
            await page.Locator("[data-testid=loading]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
        }
    }
}
