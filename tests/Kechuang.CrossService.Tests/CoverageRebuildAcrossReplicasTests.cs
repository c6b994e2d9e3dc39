using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kechuang.TestKit;
using Npgsql;
using Xunit;

namespace Kechuang.CrossService.Tests;

/// <summary>
/// Outreach's own <c>POST /api/v1/coverage/rebuild</c> with two replicas as processes on one
/// database: asked of the replica that does not lead the daemon, both coverage projections are
/// rebuilt by the one that does (its name in each request's row), with the same numbers and the
/// coverage keeping up afterwards; asked of both at once, one rebuilds and the other is refused
/// with 409 <c>rebuild_in_progress</c>.
/// </summary>
public sealed class CoverageRebuildAcrossReplicasTests(CoverageRebuildAcrossReplicasTests.TwoReplicas replicas)
    : IClassFixture<CoverageRebuildAcrossReplicasTests.TwoReplicas>
{
    private const string Service = "outreach";
    private static readonly string[] Coverage = ["county-coverage", "province-pilots"];
    private static readonly string[] Counties = ["雷山县", "台江县", "剑河县"];

    [Fact]
    public async Task A_coverage_rebuild_asked_of_the_replica_that_does_not_lead_runs_on_the_leader_with_the_same_numbers()
    {
        for (var i = 0; i < Counties.Length; i++)
        {
            for (var n = 0; n <= i; n++) await EstablishAStationAsync(i % 2 == 0 ? replicas.Other : replicas.Leader, Counties[i]);
        }
        await Eventually.True(async () => await StationsAsync(replicas.Other) == 6, TimeSpan.FromSeconds(60), "the six stations are counted");
        var before = await EverythingAsync(replicas.Other);
        var since = await NowAsync();

        var response = await Operator(replicas.Other).PostAsync("/api/v1/coverage/rebuild", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(Coverage, body.GetProperty("projections").EnumerateArray().Select(p => p.GetString()));
        var requests = await RequestsSinceAsync(since);
        Assert.Equal(Coverage, requests.Select(r => r.Projection));
        Assert.All(requests, r => Assert.Equal(("rebuilt", replicas.LeaderName), (r.Status, r.RanOn)));
        Assert.Equal(before, await EverythingAsync(replicas.Other));
        Assert.Equal(before, await EverythingAsync(replicas.Leader));

        // The leader runs both projections again, and only the leader: a station established now is counted.
        await EstablishAStationAsync(replicas.Other, Counties[0]);
        await Eventually.True(async () => await StationsAsync(replicas.Other) == 7, TimeSpan.FromSeconds(60), "the station after the rebuild is counted");
        var shards = (await BacklogAsync(replicas.Other)).GetProperty("shards").EnumerateArray().ToList();
        Assert.Equal(2, shards.Count);
        Assert.All(shards, s => Assert.Equal(replicas.LeaderName, s.GetProperty("runningOn").GetString()));
    }

    [Fact]
    public async Task Two_coverage_rebuilds_asked_of_both_replicas_at_once_rebuild_once_and_the_second_is_refused_with_409()
    {
        var since = await NowAsync();
        // The rebuild cannot finish while its read models are locked here: whichever request comes
        // second finds the first still asked for or running, however the two are scheduled.
        await using var holder = new NpgsqlConnection(replicas.Database);
        await holder.OpenAsync();
        var hold = await holder.BeginTransactionAsync();
        await using (var lockModels = new NpgsqlCommand(
            $"lock table {Service}.mt_doc_countycoverage, {Service}.mt_doc_provincepilots in access exclusive mode", holder, hold))
            await lockModels.ExecuteNonQueryAsync();

        Task<HttpResponseMessage>[] asked =
        [
            Operator(replicas.Leader).PostAsync("/api/v1/coverage/rebuild", null),
            Operator(replicas.Other).PostAsync("/api/v1/coverage/rebuild", null),
        ];
        var answeredFirst = await Task.WhenAny(asked);
        await hold.RollbackAsync();
        var responses = await Task.WhenAll(asked);

        Assert.Equal(HttpStatusCode.Conflict, (await answeredFirst).StatusCode);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
        var refused = responses.Single(r => r.StatusCode == HttpStatusCode.Conflict);
        Assert.Equal("rebuild_in_progress",
            (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        var requests = await RequestsSinceAsync(since);
        Assert.Equal(Coverage, requests.Select(r => r.Projection));
        Assert.All(requests, r => Assert.Equal(("rebuilt", replicas.LeaderName), (r.Status, r.RanOn)));
    }

    private sealed record Request(string Projection, string Status, string? RanOn);

    private async Task<DateTime> NowAsync()
    {
        await using var connection = new NpgsqlConnection(replicas.Database);
        await connection.OpenAsync();
        await using var now = new NpgsqlCommand("select clock_timestamp()", connection);
        return (DateTime)(await now.ExecuteScalarAsync())!;
    }

    private async Task<IReadOnlyList<Request>> RequestsSinceAsync(DateTime since)
    {
        await using var connection = new NpgsqlConnection(replicas.Database);
        await connection.OpenAsync();
        await using var read = new NpgsqlCommand(
            $"select projection, status, ran_on from {Service}.kc_projection_rebuilds where requested_at >= @since order by projection", connection);
        read.Parameters.AddWithValue("since", since);
        var requests = new List<Request>();
        await using var reader = await read.ExecuteReaderAsync();
        while (await reader.ReadAsync()) requests.Add(new Request(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
        return requests;
    }

    private static HttpClient Operator(ServiceProcess replica) => replica.ClientFor(Actors.Operator);

    private static async Task EstablishAStationAsync(ServiceProcess replica, string county)
    {
        using var centre = replica.ClientFor(Actors.Centre);
        var response = await centre.PostAsJsonAsync("/api/v1/stations", new
        {
            name = $"乡村科教服务站 {Guid.NewGuid():N}", province = "贵州省", city = "黔东南苗族侗族自治州", county,
            address = "县城中心小学旁", hostOrganization = $"{county}科学技术协会",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private static async Task<int> StationsAsync(ServiceProcess replica)
    {
        using var reader = replica.ClientFor(Actors.Reader);
        var page = await reader.GetFromJsonAsync<JsonElement>("/api/v1/coverage?level=province&province=" + Uri.EscapeDataString("贵州省"));
        return page.GetProperty("items").EnumerateArray().Sum(i => i.GetProperty("stations").GetInt32());
    }

    private static async Task<string> EverythingAsync(ServiceProcess replica)
    {
        using var reader = replica.ClientFor(Actors.Reader);
        return string.Join("\n", await Task.WhenAll(
            new[] { "level=province", "level=city", "level=county" }.Select(q => reader.GetStringAsync($"/api/v1/coverage?pageSize=200&{q}"))));
    }

    private static async Task<JsonElement> BacklogAsync(ServiceProcess replica)
    {
        using var client = replica.ClientFor(Actors.Operator);
        return await client.GetFromJsonAsync<JsonElement>($"/api/v1/ops/{Service}/bridge");
    }

    /// <summary>Two Outreach processes; the first takes every daemon shard before the second starts.</summary>
    public sealed class TwoReplicas : IAsyncLifetime
    {
        private readonly List<ServiceProcess> _started = [];
        private Uri _vhost = null!;

        public string Database { get; private set; } = null!;
        public ServiceProcess Leader { get; private set; } = null!;
        public ServiceProcess Other { get; private set; } = null!;
        public string LeaderName { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            Database = await TestInfrastructure.CreateDatabaseAsync(Service);
            _vhost = await TestInfrastructure.CreateVhostAsync("rebuild");
            Leader = await StartAsync();
            var backlog = await Eventually.Until(() => BacklogAsync(Leader),
                b => b.GetProperty("leader").ValueKind == JsonValueKind.String
                    && b.GetProperty("leader").GetString() == b.GetProperty("answeredBy").GetString(),
                TimeSpan.FromSeconds(60), "the first replica leads");
            LeaderName = backlog.GetProperty("leader").GetString()!;
            Other = await StartAsync();
            var fromOther = await BacklogAsync(Other);
            Assert.NotEqual(LeaderName, fromOther.GetProperty("answeredBy").GetString());
            Assert.Equal(LeaderName, fromOther.GetProperty("leader").GetString());
        }

        private async Task<ServiceProcess> StartAsync()
        {
            var replica = await ServiceProcess.StartAsync(Service, "Outreach", Database, _vhost);
            _started.Add(replica);
            return replica;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var replica in _started) await replica.DisposeAsync();
            await TestInfrastructure.DropDatabaseAsync(Database);
            await TestInfrastructure.DeleteVhostAsync(_vhost);
        }
    }
}
