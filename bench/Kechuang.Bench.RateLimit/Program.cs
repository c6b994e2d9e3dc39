using System.Diagnostics;
using System.Globalization;
using Kechuang.Gateway.Limits;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

// What the shared rate limit costs per request: the gateway's CallerLimiter taking tokens for
// many callers, once with the buckets in this process and once in Redis (one script call each),
// one caller at a time (the round trip a request waits for) and 16 at once (the throughput one
// gateway process gets). Prints µs per request and CPU per request, this process's and the Redis
// server's (INFO cpu). Needs ConnectionStrings__redis: eval "$(./kechuang env)".
var requests = Option("--requests", 20_000);
var connection = Environment.GetEnvironmentVariable("ConnectionStrings__redis")
    ?? throw new InvalidOperationException("Set ConnectionStrings__redis (eval \"$(./kechuang env)\").");
var options = SharedBuckets.Options(connection);
options.AllowAdmin = true;  // INFO, for the server's CPU
using var redis = await ConnectionMultiplexer.ConnectAsync(options);
var server = redis.GetServer(redis.GetEndPoints().Single());
// The gateway's defaults: 50 requests/s, bursts of 100.
var shared = new SharedBuckets(redis, burst: 100, perSecond: 50, NullLogger<SharedBuckets>.Instance);
using var inProcess = new CallerLimiter(null, burst: 100, perSecond: 50);
using var viaRedis = new CallerLimiter(shared, burst: 100, perSecond: 50);

Console.WriteLine($"Kechuang rate-limit benchmark: {requests:N0} takes per run over 1,000 callers, Redis {server.Version}");
if (File.Exists("/proc/loadavg"))
    Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, load average {string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3))} at start");
Console.WriteLine($"{"buckets",-12} {"callers at once",15} {"µs/request",11} {"CPU µs/request (bench)",23} {"(Redis server)",15} {"admitted",9}");
foreach (var parallel in new[] { 1, 16 })
    foreach (var (name, limiter) in new[] { ("in process", inProcess), ("Redis", viaRedis) })
    {
        await RunAsync(limiter, requests / 10, parallel, "warm-up");  // JIT, connections, script cache
        var redisCpu = await RedisCpuAsync();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var admitted = await RunAsync(limiter, requests, parallel, name);
        var elapsed = clock.Elapsed;
        var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var redisUsed = await RedisCpuAsync() - redisCpu;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-12} {parallel,15} {elapsed.TotalMicroseconds / requests,11:F1} {used.TotalMicroseconds / requests,23:F1} {(name == "Redis" ? (redisUsed * 1e6 / requests).ToString("F1", CultureInfo.InvariantCulture) : "-"),15} {admitted,9:N0}"));
    }
if (!shared.Answering) throw new InvalidOperationException("Redis stopped answering during the run: the Redis rows counted in process.");

// Each run its own callers, so every run starts on full buckets.
static async Task<int> RunAsync(CallerLimiter limiter, int requests, int parallel, string run)
{
    var admitted = 0;
    var next = -1;
    var prefix = $"bench:{run}:{parallel}:{Guid.NewGuid():N}:";
    await Task.WhenAll(Enumerable.Range(0, parallel).Select(async _ =>
    {
        while (Interlocked.Increment(ref next) < requests)
            if ((await limiter.TakeAsync(prefix + (next % 1000).ToString(CultureInfo.InvariantCulture))).Admitted)
                Interlocked.Increment(ref admitted);
    }));
    return admitted;
}

async Task<double> RedisCpuAsync()
{
    var info = (await server.InfoAsync("cpu")).SelectMany(g => g).ToDictionary(p => p.Key, p => p.Value);
    return double.Parse(info["used_cpu_sys"], CultureInfo.InvariantCulture) + double.Parse(info["used_cpu_user"], CultureInfo.InvariantCulture);
}

int Option(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}
