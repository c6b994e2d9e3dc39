using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Kechuang.TestKit;

/// <summary>
/// Two replicas of Experts as real processes on one database and vhost; the one leading the async
/// daemon (its event bridge) is killed with SIGKILL, and events committed through the survivor
/// are published once it has taken the lead. Measures the time from the kill to the first event
/// committed after it reaching RabbitMQ, and counts what arrived: each vetted expert committed
/// before and after the kill exactly once. <see cref="RunProjectionAsync"/> does the same for an
/// async projection (Outreach's county coverage, counting stations). Used by the cross-service
/// test and by <c>bench/Kechuang.Bench.Failover</c>.
/// </summary>
public static class LeaderFailover
{
    public const string Service = "experts";

    public sealed record Result(TimeSpan Failover, int Before, int After, IReadOnlyDictionary<Guid, int> Published,
        string KilledLeader, string NewLeader);

    /// <summary><c>Projected</c>: the stations the county's coverage counts once the projection caught up.</summary>
    public sealed record ProjectionResult(TimeSpan Failover, int Before, int After, int Projected, string KilledLeader, string NewLeader);

    private const string Coverage = "county-coverage";

    public static async Task<ProjectionResult> RunProjectionAsync(int before = 5, int after = 5, IReadOnlyDictionary<string, string>? settings = null)
    {
        const string outreach = "outreach";
        var database = await TestInfrastructure.CreateDatabaseAsync(outreach);
        var vhost = await TestInfrastructure.CreateVhostAsync("failover");
        var replicas = new List<ServiceProcess>();
        try
        {
            replicas.Add(await ServiceProcess.StartAsync(outreach, "Outreach", database, vhost, settings));
            replicas.Add(await ServiceProcess.StartAsync(outreach, "Outreach", database, vhost, settings));
            for (var i = 0; i < before; i++) await EstablishAStationAsync(replicas[i % 2]);
            await Eventually.True(async () => await StationsAsync(replicas[0]) == before, TimeSpan.FromSeconds(60), "the stations before the kill are counted");
            var backlog = await Eventually.Until(() => BacklogAsync(replicas[0], outreach),
                b => RunningOn(b, Coverage) is not null, TimeSpan.FromSeconds(60), "a replica runs the coverage");
            var runner = RunningOn(backlog, Coverage)!;
            var names = new List<string>();
            foreach (var r in replicas) names.Add((await BacklogAsync(r, outreach)).GetProperty("answeredBy").GetString()!);
            var leader = replicas[names.IndexOf(runner)];
            var survivor = replicas[1 - names.IndexOf(runner)];

            var clock = Stopwatch.StartNew();
            leader.Kill();
            await EstablishAStationAsync(survivor);
            await Eventually.True(async () => await StationsAsync(survivor) == before + 1, TimeSpan.FromSeconds(60), "the first station after the kill is counted");
            var failover = clock.Elapsed;
            for (var i = 1; i < after; i++) await EstablishAStationAsync(survivor);
            // Caught up: the coverage shard's position is the store's last event; then count.
            var settled = await Eventually.Until(() => BacklogAsync(survivor, outreach),
                b => b.GetProperty("shards").EnumerateArray().Any(s => s.GetProperty("name").GetString()!.StartsWith(Coverage, StringComparison.Ordinal)
                    && s.GetProperty("sequence").GetInt64() == b.GetProperty("lastEventSequence").GetInt64()),
                TimeSpan.FromSeconds(60), "the coverage has caught up");
            return new ProjectionResult(failover, before, after, await StationsAsync(survivor), runner, RunningOn(settled, Coverage) ?? "(none)");
        }
        finally
        {
            foreach (var replica in replicas) await replica.DisposeAsync();
            await TestInfrastructure.DropDatabaseAsync(database);
            await TestInfrastructure.DeleteVhostAsync(vhost);
        }
    }

    private static string? RunningOn(JsonElement backlog, string projection) =>
        backlog.GetProperty("shards").EnumerateArray()
            .Where(s => s.GetProperty("name").GetString()!.StartsWith(projection + ":", StringComparison.Ordinal))
            .Select(s => s.GetProperty("runningOn").ValueKind == JsonValueKind.String ? s.GetProperty("runningOn").GetString() : null)
            .FirstOrDefault();

    private static async Task EstablishAStationAsync(ServiceProcess replica)
    {
        using var centre = replica.ClientFor(Actors.Centre);
        var response = await centre.PostAsJsonAsync("/api/v1/stations", new
        {
            name = $"乡村科教服务站 {Guid.NewGuid():N}", province = "贵州省", city = "黔东南苗族侗族自治州", county = "雷山县",
            address = "丹江镇西江村", hostOrganization = "雷山县科学技术协会",
        });
        if (response.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"establishing a station answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<int> StationsAsync(ServiceProcess replica)
    {
        using var centre = replica.ClientFor(Actors.Centre);
        var page = await centre.GetFromJsonAsync<JsonElement>("/api/v1/coverage?level=province&province=" + Uri.EscapeDataString("贵州省"));
        return page.GetProperty("items").EnumerateArray().Sum(i => i.GetProperty("stations").GetInt32());
    }

    public static async Task<Result> RunAsync(int before = 5, int after = 5, IReadOnlyDictionary<string, string>? settings = null)
    {
        var database = await TestInfrastructure.CreateDatabaseAsync(Service);
        var vhost = await TestInfrastructure.CreateVhostAsync("failover");
        var replicas = new List<ServiceProcess>();
        try
        {
            replicas.Add(await ServiceProcess.StartAsync(Service, "Experts", database, vhost, settings));
            await using var published = await Probe.BindAsync(vhost, "Kechuang.Contracts.Experts:ExpertVetted");
            replicas.Add(await ServiceProcess.StartAsync(Service, "Experts", database, vhost, settings));

            var ids = new List<Guid>();
            for (var i = 0; i < before; i++) ids.Add(await VetAnExpertAsync(replicas[i % 2], i));
            // Every event before the kill published and its position stored: what follows is the survivor's alone.
            await published.WaitForAsync(ids, TimeSpan.FromSeconds(60));
            var backlog = await Eventually.Until(() => BacklogAsync(replicas[0]),
                b => b.GetProperty("bridgeBacklog").ValueKind == JsonValueKind.Number && b.GetProperty("bridgeBacklog").GetInt64() == 0
                    && b.GetProperty("leader").ValueKind == JsonValueKind.String,
                TimeSpan.FromSeconds(60), "the bridge has published everything and a replica leads");
            var leaderName = backlog.GetProperty("leader").GetString()!;
            var names = new List<string>();
            foreach (var r in replicas) names.Add((await BacklogAsync(r)).GetProperty("answeredBy").GetString()!);
            var leader = replicas[names.IndexOf(leaderName)];
            var survivor = replicas[1 - names.IndexOf(leaderName)];

            var clock = Stopwatch.StartNew();
            leader.Kill();
            // Events flow again when the first one committed after the kill reaches RabbitMQ.
            var afterIds = new List<Guid> { await VetAnExpertAsync(survivor, before) };
            await published.WaitForAsync(afterIds, TimeSpan.FromSeconds(60));
            var failover = clock.Elapsed;
            for (var i = 1; i < after; i++) afterIds.Add(await VetAnExpertAsync(survivor, before + i));
            await published.WaitForAsync(ids.Concat(afterIds), TimeSpan.FromSeconds(60));
            var settled = await Eventually.Until(() => BacklogAsync(survivor),
                b => b.GetProperty("bridgeBacklog").ValueKind == JsonValueKind.Number && b.GetProperty("bridgeBacklog").GetInt64() == 0,
                TimeSpan.FromSeconds(60), "the survivor's bridge has caught up");
            // The bridge stores its position after RabbitMQ confirmed the page: whatever was published is in the queue now.
            await published.DrainAsync();
            return new Result(failover, before, after, published.Counts, leaderName,
                settled.GetProperty("leader").GetString() ?? "(none)");
        }
        finally
        {
            foreach (var replica in replicas) await replica.DisposeAsync();
            await TestInfrastructure.DropDatabaseAsync(database);
            await TestInfrastructure.DeleteVhostAsync(vhost);
        }
    }

    private static async Task<Guid> VetAnExpertAsync(ServiceProcess replica, int n)
    {
        using var centre = replica.ClientFor(Actors.Centre);
        var registered = await centre.PostAsJsonAsync("/api/v1/experts", new
        {
            name = $"专家{n}",
            affiliation = "清华大学物理系",
            title = "教授",
            category = "university-teacher",
            disciplines = new[] { "物理学" },
            topics = new[] { "physics" },
            provinces = new[] { "北京市" },
            phone = "13800138000",
            email = $"expert{n}@example.edu.cn",
            bio = "长期从事青少年科普工作。",
            maxVisitsPerMonth = 8,
            trainer = false,
        });
        if (registered.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"registering answered {(int)registered.StatusCode}: {await registered.Content.ReadAsStringAsync()}");
        var id = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var vetted = await centre.PostAsJsonAsync($"/api/v1/experts/{id}/vetting", new { decision = "approve", comment = "资质齐全" });
        if (vetted.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"vetting answered {(int)vetted.StatusCode}: {await vetted.Content.ReadAsStringAsync()}");
        return id;
    }

    private static async Task<JsonElement> BacklogAsync(ServiceProcess replica, string service = Service)
    {
        using var client = replica.ClientFor(Actors.Operator);
        return await client.GetFromJsonAsync<JsonElement>($"/api/v1/ops/{service}/bridge");
    }

    /// <summary>A queue bound to the message type's exchange, counting each expert's messages.</summary>
    private sealed class Probe : IAsyncDisposable
    {
        private readonly HttpClient _management;
        private readonly string _vhost;
        private readonly string _queue;
        private readonly Dictionary<Guid, int> _counts = [];

        private Probe(HttpClient management, string vhost, string queue)
        {
            _management = management;
            _vhost = vhost;
            _queue = queue;
        }

        public IReadOnlyDictionary<Guid, int> Counts => _counts;

        public static async Task<Probe> BindAsync(Uri rabbitMq, string exchange)
        {
            var management = await TestInfrastructure.ManagementClientAsync();
            var vhost = Uri.EscapeDataString(rabbitMq.AbsolutePath.TrimStart('/'));
            var queue = $"probe-failover-{Guid.NewGuid():N}";
            var escaped = Uri.EscapeDataString(exchange);
            (await management.PutAsJsonAsync($"api/queues/{vhost}/{queue}", new { durable = false, auto_delete = false })).EnsureSuccessStatusCode();
            (await management.PutAsJsonAsync($"api/exchanges/{vhost}/{escaped}", new { type = "fanout", durable = true })).EnsureSuccessStatusCode();
            (await management.PostAsJsonAsync($"api/bindings/{vhost}/e/{escaped}/q/{queue}", new { routing_key = "" })).EnsureSuccessStatusCode();
            return new Probe(management, vhost, queue);
        }

        public Task WaitForAsync(IEnumerable<Guid> ids, TimeSpan timeout)
        {
            var wanted = ids.ToList();
            return Eventually.True(async () =>
            {
                await DrainAsync();
                return wanted.All(_counts.ContainsKey);
            }, timeout, $"{wanted.Count} vetted experts are published");
        }

        public async Task DrainAsync()
        {
            var response = await _management.PostAsJsonAsync($"api/queues/{_vhost}/{_queue}/get",
                new { count = 100, ackmode = "ack_requeue_false", encoding = "auto" });
            response.EnsureSuccessStatusCode();
            foreach (var item in (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray())
            {
                using var envelope = JsonDocument.Parse(item.GetProperty("payload").GetString()!);
                var id = envelope.RootElement.GetProperty("message").GetProperty("expertId").GetGuid();
                _counts[id] = _counts.GetValueOrDefault(id) + 1;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _management.DeleteAsync($"api/queues/{_vhost}/{_queue}");
            _management.Dispose();
        }
    }
}
