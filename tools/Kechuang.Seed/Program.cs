using Kechuang.Seed;

// ./kechuang seed [--small] [--url <gateway>]: the demo data set through the gateway's public API.
// The bootstrap admin key comes in KECHUANG_KEY and the demo accounts' password in
// KECHUANG_DEMO_PASSWORD (the script keeps it in ~/.config/kechuang/secrets), never on the command line.
var scale = args.Contains("--small") ? SeedScale.Small : SeedScale.Demo;
var urlAt = Array.IndexOf(args, "--url");
var gateway = new Uri(urlAt >= 0 && urlAt + 1 < args.Length ? args[urlAt + 1]
    : Environment.GetEnvironmentVariable("KECHUANG_GATEWAY_URL") ?? "http://localhost:5080");
var adminKey = Environment.GetEnvironmentVariable("KECHUANG_KEY");
var password = Environment.GetEnvironmentVariable("KECHUANG_DEMO_PASSWORD");
if (string.IsNullOrEmpty(adminKey) || string.IsNullOrEmpty(password))
{
    Console.Error.WriteLine("KECHUANG_KEY (the bootstrap admin key) and KECHUANG_DEMO_PASSWORD must be set; ./kechuang seed sets both.");
    return 2;
}

using var http = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(60) };
if (!await Readiness.WaitAsync(http, TimeSpan.FromMinutes(5), Console.Error))
{
    Console.Error.WriteLine($"The gateway at {gateway} is not ready (GET /health/ready): is ./kechuang run running?");
    return 1;
}
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
var progress = Progress.ToStandardError();
progress.Note($"seeding {gateway} ({scale.Name} scale)");
try
{
    var result = await new Seeder(new SeedClient(http), adminKey, password, progress).SeedAsync(scale, stop.Token);
    Console.WriteLine(Report.Of(result, gateway, password));
    return 0;
}
catch (SeedException e)
{
    Console.Error.WriteLine();
    Console.Error.WriteLine($"seed failed: {e.Message}");
    return 1;
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    Console.Error.WriteLine();
    Console.Error.WriteLine("seed stopped; ./kechuang seed again within a day carries on where it stopped");
    return 130;
}
