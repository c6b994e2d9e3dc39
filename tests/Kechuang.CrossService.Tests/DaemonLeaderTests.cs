using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kechuang.TestKit;
using Xunit;

namespace Kechuang.CrossService.Tests;

/// <summary>
/// The operator tools with two replicas of one service (Outreach: two async projections) on one
/// database: <c>ops backlog</c> names the replica running the daemon from either replica, and a
/// rebuild asked of the replica that does not lead runs on the one that does.
/// </summary>
public sealed class DaemonLeaderTests : IAsyncLifetime
{
    private static readonly string Service = Outreach.OutreachService.Name;
    private string _database = null!;
    private Uri _vhost = null!;
    private ServiceFactory<Outreach.OutreachService.Marker> _first = null!;
    private ServiceFactory<Outreach.OutreachService.Marker> _second = null!;

    public async ValueTask InitializeAsync()
    {
        _database = await TestInfrastructure.CreateDatabaseAsync(Service);
        _vhost = await TestInfrastructure.CreateVhostAsync("leader");
        _first = new ServiceFactory<Outreach.OutreachService.Marker>(Service, _database, _vhost);
        await _first.InitializeAsync();
        // The first replica takes every shard before the second starts.
        await Eventually.True(async () => (await BacklogAsync(_first)) is var b && Leader(b) is { } leader && leader == AnsweredBy(b),
            TimeSpan.FromSeconds(30), "the first replica leads");
        _second = new ServiceFactory<Outreach.OutreachService.Marker>(Service, _database, _vhost);
        await _second.InitializeAsync();
    }

    [Fact]
    public async Task Backlog_names_the_same_leader_from_either_replica_and_says_which_replica_answered()
    {
        var fromFirst = await BacklogAsync(_first);
        var fromSecond = await BacklogAsync(_second);

        var first = AnsweredBy(fromFirst);
        Assert.NotEqual(first, AnsweredBy(fromSecond));
        Assert.Equal(first, Leader(fromFirst));
        Assert.Equal(first, Leader(fromSecond));
        var shards = fromSecond.GetProperty("shards").EnumerateArray().ToList();
        Assert.Equal(2, shards.Count);
        Assert.All(shards, s => Assert.Equal(first, s.GetProperty("runningOn").GetString()));
    }

    [Fact]
    public async Task A_rebuild_asked_of_the_replica_that_does_not_lead_runs_on_the_leader_and_answers_as_there()
    {
        var backlog = await BacklogAsync(_second);
        var leader = Leader(backlog);
        Assert.Equal(AnsweredBy(await BacklogAsync(_first)), leader);
        var projection = backlog.GetProperty("shards")[0].GetProperty("name").GetString()!.Split(':')[0];

        foreach (var asked in new[] { _second, _first })
        {
            var response = await asked.ClientFor(Actors.Operator).PostAsync($"/api/v1/ops/{Service}/projections/{projection}/rebuild", null);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(projection, body.GetProperty("projection").GetString());
            Assert.Equal("rebuilt", body.GetProperty("status").GetString());
            Assert.Equal(leader, body.GetProperty("ranOn").GetString());
        }
        // Afterwards the leader runs the projection again, and only the leader.
        await Eventually.True(async () => (await BacklogAsync(_second)).GetProperty("shards").EnumerateArray()
            .All(s => s.GetProperty("runningOn").GetString() == leader), TimeSpan.FromSeconds(30), "the leader keeps every shard");
    }

    private static async Task<JsonElement> BacklogAsync<T>(ServiceFactory<T> replica) where T : class
    {
        var response = await replica.ClientFor(Actors.Operator).GetAsync($"/api/v1/ops/{Service}/bridge");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static string? Leader(JsonElement backlog) =>
        backlog.GetProperty("leader").ValueKind == JsonValueKind.Null ? null : backlog.GetProperty("leader").GetString();

    private static string AnsweredBy(JsonElement backlog) => backlog.GetProperty("answeredBy").GetString()!;

    public async ValueTask DisposeAsync()
    {
        if (_second is not null) await _second.DisposeAsync();
        if (_first is not null) await _first.DisposeAsync();
        await TestInfrastructure.DropDatabaseAsync(_database);
        await TestInfrastructure.DeleteVhostAsync(_vhost);
    }
}
