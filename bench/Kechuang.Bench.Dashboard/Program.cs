using System.Diagnostics;
using System.Globalization;
using Kechuang.Bench.Dashboard;

// Page load times of the staff dashboard with N applications in the system (default 1,000; target < 1 s):
//   eval "$(./kechuang env)"; dotnet run -c Release --project bench/Kechuang.Bench.Dashboard -- [applications] [rounds]
// It starts the whole system (the AppHost) on databases of its own, fills it through the API, then
// loads each page in Debian's Chromium as a signed-in user: from navigation to the page showing its
// data (circuit up, API calls answered, tables filled): the first load, then several more.
//   dotnet run -c Release --project bench/Kechuang.Bench.Dashboard -- --screenshots docs/screenshots
// instead seeds a fresh system with the demo data set (./kechuang seed) and captures the README's
// dashboard screenshots from it (./kechuang screenshots).
//   dotnet run -c Release --project bench/Kechuang.Bench.Dashboard -- --failover
// instead runs two dashboard replicas, SIGKILLs the one a signed-in browser is on and checks what
// the browser sees next (README "Several replicas on one machine").
if (args is ["--screenshots", var directory]) return await Screenshots.TakeAsync(directory);
if (args is ["--failover"]) return await Failover.RunAsync();

var applications = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 7;

await using var system = await BenchSystem.StartAsync();
var seeding = Stopwatch.StartNew();
var sample = await Seeder.SeedAsync(system, applications);
Console.WriteLine($"seeded {applications} applications in {seeding.Elapsed.TotalSeconds:N0} s");

await using var browser = await PageTimer.StartAsync(system);
var pages = new (string Role, string? Province, string Name, string Path)[]
{
    ("centre", null, "overview (centre, all provinces)", "/"),
    ("province", Seeder.BusiestProvince, "overview (province)", "/"),
    ("centre", null, "applications queue", "/applications"),
    ("province", Seeder.BusiestProvince, "applications queue (province)", "/applications"),
    ("centre", null, "application page", $"/applications/{sample}"),
    ("centre", null, "application print view", $"/applications/{sample}/print"),
    ("centre", null, "experts", "/experts"),
    ("centre", null, "visit requests board", "/visits"),
    ("centre", null, "resources", "/resources"),
    ("centre", null, "training", "/training"),
    ("centre", null, "outreach", "/outreach"),
};

// Warm up the processes (JIT, connection pools) on every page but the overviews, whose first load
// below is then the one that reads every application of its scope (nothing cached yet).
foreach (var (role, province, _, path) in pages.Where(p => p.Path != "/"))
    await browser.MeasureAsync(role, province, path, 0);

Console.WriteLine();
Console.WriteLine($"{"page",-34} {"first",8} {"median",8} {"p95",8} {"max",8}   (ms; first load, then {rounds} more; {applications} applications)");
var slowest = 0.0;
foreach (var (role, province, name, path) in pages)
{
    var (first, times) = await browser.MeasureAsync(role, province, path, rounds);
    times.Sort();
    var median = times[times.Count / 2];
    var p95 = times[(int)Math.Ceiling(times.Count * 0.95) - 1];
    slowest = Math.Max(slowest, median);
    Console.WriteLine($"{name,-34} {first,8:N0} {median,8:N0} {p95,8:N0} {times[^1],8:N0}");
}
Console.WriteLine();
Console.WriteLine(slowest < 1000 ? $"every page's median load is under 1 s (slowest {slowest:N0} ms)" : $"a page's median load is over 1 s ({slowest:N0} ms)");
return slowest < 1000 ? 0 : 1;
