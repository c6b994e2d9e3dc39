using System.Globalization;
using Kechuang.TestKit;

// Leader failover, measured N times (README "Several replicas on one machine"): two replicas as
// processes, SIGKILL of the one running a daemon shard, and the time until the first event
// committed through the survivor is published to RabbitMQ (Experts' event bridge) or projected
// (Outreach's county coverage). Run after
// eval "$(./kechuang env)":  dotnet run -c Release --project bench/Kechuang.Bench.Failover -- [runs] [polling ms]
// (polling: Kechuang:Daemon:LeadershipPollingMs for both replicas; the services' own default unless given).
var runs = args.Length > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 50 ? n : 5;
var settings = args.Length > 1 && int.TryParse(args[1], CultureInfo.InvariantCulture, out var ms) && ms is >= 100 and <= 60_000
    ? new Dictionary<string, string> { ["Kechuang:Daemon:LeadershipPollingMs"] = ms.ToString(CultureInfo.InvariantCulture) }
    : null;
var bridge = new List<double>();
var projection = new List<double>();
var faults = 0;
for (var run = 1; run <= runs; run++)
{
    var result = await LeaderFailover.RunAsync(before: 20, after: 20, settings);
    var lost = result.Before + result.After - result.Published.Count;
    var twice = result.Published.Count(p => p.Value > 1);
    if (lost != 0 || twice != 0 || result.NewLeader == result.KilledLeader) faults++;
    bridge.Add(result.Failover.TotalMilliseconds);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"run {run}, event bridge: failover {result.Failover.TotalMilliseconds:F0} ms ({result.KilledLeader} killed, {result.NewLeader} leads); {result.Published.Count} of {result.Before + result.After} events published, {lost} lost, {twice} twice"));

    var projected = await LeaderFailover.RunProjectionAsync(before: 20, after: 20, settings);
    if (projected.Projected != projected.Before + projected.After || projected.NewLeader == projected.KilledLeader) faults++;
    projection.Add(projected.Failover.TotalMilliseconds);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"run {run}, projection: failover {projected.Failover.TotalMilliseconds:F0} ms ({projected.KilledLeader} killed, {projected.NewLeader} runs it); {projected.Projected} of {projected.Before + projected.After} stations counted"));
}
var polling = settings is null ? "the services' default" : settings.Values.Single() + " ms";
Console.WriteLine(Summary("event bridge", bridge));
Console.WriteLine(Summary("projection", projection));
Console.WriteLine($"runs with an event lost or applied twice: {faults}");
return faults == 0 ? 0 : 1;

string Summary(string what, List<double> times)
{
    times.Sort();
    var median = times.Count % 2 == 1 ? times[times.Count / 2] : (times[times.Count / 2 - 1] + times[times.Count / 2]) / 2;
    return string.Create(CultureInfo.InvariantCulture,
        $"{what} failover over {runs} runs (leadership polling {polling}): median {median:F0} ms, min {times[0]:F0} ms, max {times[^1]:F0} ms");
}
