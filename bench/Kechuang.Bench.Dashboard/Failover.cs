using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Playwright;

namespace Kechuang.Bench.Dashboard;

/// <summary>
/// Issue 16 through the AppHost, with real processes and a browser: the system with two dashboard
/// replicas, a centre user signed in through the gateway, the process of the replica serving them
/// SIGKILLed. The next page and its reload must show the data (still signed in) or at worst the
/// sign-in page within a few seconds, never an error page. A tab left open on the killed replica
/// (a browser of its own: nothing else moves its affinity cookie) shows what a page does when its
/// circuit's server dies; it must come back by itself, without an error page.
/// </summary>
public static class Failover
{
    /// <summary>
    /// The gateway's affinity cookie (<c>Routing/DashboardReplicas</c>): a hash of the destination's
    /// id, which service discovery makes the resource's name and address (<c>dashboard[http://localhost:5090/]</c>).
    /// </summary>
    private const string AffinityCookie = "kechuang.replica";

    private const string ApplicationList = "[data-testid=application-link]";
    private const string ApplicationForm = "[data-testid=application-form]";

    private static readonly TimeSpan FewSeconds = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan OpenTabPatience = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync()
    {
        var directory = Directory.CreateTempSubdirectory("kechuang-failover-").FullName;
        var replicas = Kechuang.AppHost.Replicas.DashboardNames(2).ToList();
        var starting = Stopwatch.StartNew();
        await using var system = await BenchSystem.StartAsync(replicas: 2);
        Console.WriteLine($"system up with 2 replicas of everything in {starting.Elapsed.TotalSeconds:N0} s");
        var sample = await Seeder.SeedAsync(system, 12);
        var (username, password) = await system.StaffAsync("centre", null);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var user = await NewContextAsync(browser, system);
        var page = await user.NewPageAsync();
        await Chromium.SignInAsync(page, username, password);
        await ShowAsync(page, "/applications", ApplicationList);
        var processes = replicas.ToDictionary(r => r, ReplicaProcess);
        var cookies = await user.CookiesAsync();
        var served = ReplicaOf(cookies, processes)
            ?? throw new InvalidOperationException($"no {AffinityCookie} cookie naming {string.Join(" or ", replicas)}: "
                + string.Join("; ", cookies.Select(c => $"{c.Name}={c.Value[..Math.Min(c.Value.Length, 20)]}")));
        var survivor = replicas.Single(r => r != served);

        // The survivor serves other users meanwhile: the same session on it, as one of them, so the
        // figures below are a failover's, not a cold process's first page.
        var other = await NewContextAsync(browser, system, cookies, Hash(DestinationId(survivor, processes[survivor].Url)));
        var warm = await other.NewPageAsync();
        await ShowAsync(warm, "/applications", ApplicationList);
        await ShowAsync(warm, $"/applications/{sample}", ApplicationForm);
        if (ReplicaOf(await other.CookiesAsync(), processes) != survivor) throw new InvalidOperationException($"could not warm {survivor}");
        await other.CloseAsync();

        var left = await NewContextAsync(browser, system, cookies, Hash(DestinationId(served, processes[served].Url)));
        var open = await left.NewPageAsync();
        await ShowAsync(open, "/applications", ApplicationList);

        var (victim, url) = processes[served];
        Console.WriteLine($"signed in as {username}; /applications served by {served} (pid {victim.Id}, {url}); the other: {survivor} (pid {processes[survivor].Process.Id}, {processes[survivor].Url})");

        var clock = Stopwatch.StartNew();
        var watching = OpenTab.WatchAsync(open, clock, Path.Combine(directory, "open-tab-reconnecting.png"));
        victim.Kill();
        await victim.WaitForExitAsync();
        Console.WriteLine($"SIGKILLed {served} (pid {victim.Id}) at +0 ms, gone at +{clock.Elapsed.TotalMilliseconds:N0} ms");

        var next = await VisitAsync(page, clock, () => page.GotoAsync($"/applications/{sample}"), ApplicationForm, "next page (/applications/{id})");
        var reload = await VisitAsync(page, clock, () => page.ReloadAsync(), ApplicationForm, "its reload");
        var now = ReplicaOf(await user.CookiesAsync(), processes);
        Console.WriteLine($"the browser now keeps to {now ?? "no replica"}");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, "after-failover.png") });

        var tab = await watching;
        Console.WriteLine("the tab left open on the killed replica (its circuit's server gone):");
        foreach (var line in tab.Timeline) Console.WriteLine($"  {line}");
        await open.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, "open-tab-after.png") });
        Console.WriteLine($"screenshots in {directory}: {string.Join(", ", Directory.GetFiles(directory).Select(Path.GetFileName).Order())}");

        var moved = now == survivor;
        if (!moved) Console.WriteLine($"FAILED: the browser's affinity cookie names {now ?? "nothing"}, not {survivor}");
        if (!tab.Recovered) Console.WriteLine($"FAILED: the open tab did not show its page again within {OpenTabPatience.TotalSeconds:N0} s, or showed an error");
        var passed = next.Passed && reload.Passed && moved && tab.Recovered;
        Console.WriteLine(passed
            ? $"dashboard failover holds: after the kill the pages came from {survivor}, signed in or at worst at sign-in, each within {FewSeconds.TotalSeconds:N0} s"
            : "dashboard failover FAILED");
        return passed ? 0 : 1;
    }

    /// <summary>One navigation after the kill: what it showed and how long it took.</summary>
    private sealed record Visit(string Shown, double Milliseconds, bool Passed);

    private static async Task<Visit> VisitAsync(IPage page, Stopwatch clock, Func<Task<IResponse?>> navigate, string data, string name)
    {
        var watch = Stopwatch.StartNew();
        string shown;
        try
        {
            var response = await navigate();
            if (response is { Status: >= 400 }) shown = $"an error page ({response.Status})";
            else
            {
                await page.Locator($"{data}, #username").First.WaitForAsync();
                shown = await page.Locator(data).CountAsync() > 0 ? "the data, signed in" : "the sign-in page";
            }
        }
        catch (TimeoutException)
        {
            shown = "nothing (timed out)";
        }
        watch.Stop();
        var passed = shown is "the data, signed in" or "the sign-in page" && watch.Elapsed <= FewSeconds;
        Console.WriteLine($"{name}: {shown} in {watch.Elapsed.TotalMilliseconds:N0} ms (at +{clock.Elapsed.TotalMilliseconds:N0} ms){(passed ? "" : "  FAILED")}");
        return new Visit(shown, watch.Elapsed.TotalMilliseconds, passed);
    }

    private static async Task ShowAsync(IPage page, string path, string data)
    {
        var response = await page.GotoAsync(path);
        if (response is { Status: >= 400 }) throw new InvalidOperationException($"{path} answered {response.Status} before the kill");
        await page.Locator(data).First.WaitForAsync();
    }

    /// <summary>A browser of its own; with <paramref name="cookies"/>, signed in as they are and kept to the replica <paramref name="affinity"/> names.</summary>
    private static async Task<IBrowserContext> NewContextAsync(IBrowser browser, BenchSystem system,
        IReadOnlyList<BrowserContextCookiesResult>? cookies = null, string? affinity = null)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = system.Gateway.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
        });
        context.SetDefaultTimeout(30_000);
        if (cookies is not null)
            await context.AddCookiesAsync(cookies.Select(c => new Cookie
            {
                Name = c.Name,
                Value = c.Name == AffinityCookie && affinity is not null ? affinity : c.Value,
                Domain = c.Domain,
                Path = c.Path,
                HttpOnly = c.HttpOnly,
                Secure = c.Secure,
                SameSite = c.SameSite,
            }));
        return context;
    }

    private static string? ReplicaOf(IReadOnlyList<BrowserContextCookiesResult> cookies, Dictionary<string, (Process Process, string Url)> processes) =>
        cookies.FirstOrDefault(c => c.Name == AffinityCookie) is { } cookie
            ? processes.Where(p => Hash(DestinationId(p.Key, p.Value.Url)) == cookie.Value).Select(p => p.Key).FirstOrDefault()
            : null;

    private static string DestinationId(string replica, string url) => $"{replica}[{url}/]";

    private static string Hash(string destination) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(destination)))[..16];

    /// <summary>
    /// The process serving <paramref name="replica"/> in this checkout: its executable under
    /// <c>dashboard/Kechuang.Dashboard/bin</c> (not the <c>dotnet run</c> the AppHost starts it with),
    /// the resource's name in its environment (<c>OTEL_SERVICE_NAME</c>); exactly one. Its address is
    /// its <c>ASPNETCORE_URLS</c>.
    /// </summary>
    private static (Process Process, string Url) ReplicaProcess(string replica)
    {
        var bin = Path.Combine(RepositoryRoot(), "dashboard", "Kechuang.Dashboard", "bin") + Path.DirectorySeparatorChar;
        var found = new List<(int Pid, string Url)>();
        foreach (var proc in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(proc), out var pid)) continue;
            try
            {
                if (!File.ReadAllText(Path.Combine(proc, "cmdline")).Split('\0').Any(a => a.StartsWith(bin, StringComparison.Ordinal))) continue;
                var environment = File.ReadAllText(Path.Combine(proc, "environ")).Split('\0');
                if (!environment.Contains($"OTEL_SERVICE_NAME={replica}")) continue;
                found.Add((pid, environment.FirstOrDefault(e => e.StartsWith("ASPNETCORE_URLS=", StringComparison.Ordinal))?["ASPNETCORE_URLS=".Length..] ?? ""));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or not ours to read.
            }
        }
        return found is [var one]
            ? (Process.GetProcessById(one.Pid), one.Url)
            : throw new InvalidOperationException($"{found.Count} processes of {replica} under {bin}: {string.Join(", ", found.Select(f => f.Pid))}");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Kechuang.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Kechuang.sln above {AppContext.BaseDirectory}");
    }

    /// <summary>
    /// What a page does when its circuit's server dies, as it happens: the reconnect overlay and its
    /// text, the page's own reloads and what each answered, the requests the gateway failed, until
    /// it shows its data (or the sign-in page) again after a reload.
    /// </summary>
    private static class OpenTab
    {
        private const string State = """
            () => {
              const host = document.getElementById('components-reconnect-modal');
              const overlay = host?.shadowRoot?.querySelector('.components-reconnect-overlay');
              if (overlay?.classList.contains('components-reconnect-visible') && host.style.display !== 'none')
                return 'reconnect overlay: "' + host.shadowRoot.querySelector('p').innerText.replace(/\s+/g, ' ').trim() + '"';
              if (document.querySelector('#username')) return 'the sign-in page';
              if (document.querySelector('[data-testid=application-link]')) return 'the data, signed in';
              return 'no data yet';
            }
            """;

        public sealed record Outcome(IReadOnlyList<string> Timeline, bool Recovered);

        public static async Task<Outcome> WatchAsync(IPage page, Stopwatch clock, string reconnecting)
        {
            var timeline = new List<string>();
            void Note(string what)
            {
                lock (timeline) timeline.Add($"+{clock.Elapsed.TotalMilliseconds,6:N0} ms  {what}");
            }
            var reloads = 0;
            var errors = 0;
            page.Response += (_, response) =>
            {
                if (response.Request.IsNavigationRequest && response.Frame == page.MainFrame)
                {
                    Interlocked.Increment(ref reloads);
                    if (response.Status >= 400) Interlocked.Increment(ref errors);
                    Note($"the page loads afresh: {response.Request.Method} {new Uri(response.Url).PathAndQuery} answered {response.Status}");
                }
                else if (response.Status >= 400)
                    Note($"{response.Request.Method} {new Uri(response.Url).AbsolutePath} answered {response.Status}");
            };
            page.RequestFailed += (_, request) => Note($"{request.Method} {new Uri(request.Url).AbsolutePath} failed: {request.Failure}");

            await Task.Yield();
            var last = "";
            var shot = false;
            while (clock.Elapsed < OpenTabPatience)
            {
                string state;
                try
                {
                    state = await page.EvaluateAsync<string>(State);
                }
                catch (PlaywrightException)
                {
                    state = "navigating";
                }
                if (state != last) Note(last = state);
                if (!shot && state.StartsWith("reconnect", StringComparison.Ordinal))
                {
                    await page.ScreenshotAsync(new PageScreenshotOptions { Path = reconnecting });
                    shot = true;
                }
                if (Volatile.Read(ref reloads) > 0 && state is "the data, signed in" or "the sign-in page")
                    return new Outcome(Snapshot(), Volatile.Read(ref errors) == 0);
                await Task.Delay(100);
            }
            Note($"still not back after {OpenTabPatience.TotalSeconds:N0} s");
            return new Outcome(Snapshot(), false);

            List<string> Snapshot()
            {
                lock (timeline) return [.. timeline];
            }
        }
    }
}
