using Kechuang.BuildingBlocks.Operations;
using Kechuang.TestKit;
using Npgsql;
using Xunit;

namespace Kechuang.BuildingBlocks.Tests.Operations;

/// <summary>
/// The rules of the rebuild requests table against real PostgreSQL: what a requester withdraws
/// when its wait ends, which earlier requests refuse a new one, and what the relay tidies as it
/// connects (requests nobody waits for any more, finished ones kept long enough).
/// </summary>
public sealed class ProjectionRebuildsTests : IAsyncLifetime
{
    private const string Table = RebuildHost.Service + ".kc_projection_rebuilds";
    private static readonly TimeSpan Expired = TimeSpan.FromMinutes(11);
    private static readonly TimeSpan Recent = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Old = TimeSpan.FromDays(31);

    private RebuildHost _host = null!;

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _host = await RebuildHost.StartAsync();

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    private sealed record Row(Guid Id, string Projection, string Status, string? RanOn, bool Finished);

    [Fact]
    public async Task A_request_one_of_whose_projections_is_claimed_keeps_the_other_pending_when_its_wait_ends_and_answers_still_running()
    {
        // A replica that claims "first" the moment it is asked for, well before the requester's wait ends.
        await ExecuteAsync($"""
            create function {RebuildHost.Service}.claimed_at_once() returns trigger language plpgsql as $$
            begin new.status := 'running'; new.ran_on := 'elsewhere'; return new; end $$;
            create trigger claimed_at_once before insert on {Table} for each row when (new.projection = 'first')
            execute function {RebuildHost.Service}.claimed_at_once()
            """);

        var answer = await _host.Rebuilds.RequestAsync(["first", "second"], Ct);

        Assert.Equal(ProjectionRebuilds.Outcome.StillRunning, answer.Outcome);
        Assert.Equal([("first", "running"), ("second", "pending")], answer.Runs.Select(r => (r.Projection, r.Status)));
        Assert.Equal([("first", "running", false), ("second", "pending", false)],
            (await RowsAsync()).Select(r => (r.Projection, r.Status, r.Finished)));
    }

    [Fact]
    public async Task A_request_none_of_whose_projections_is_claimed_is_withdrawn_whole_when_its_wait_ends_and_answers_not_started()
    {
        var answer = await _host.Rebuilds.RequestAsync(["first", "second"], Ct);

        Assert.Equal(ProjectionRebuilds.Outcome.NotStarted, answer.Outcome);
        Assert.Equal([("first", "withdrawn", true), ("second", "withdrawn", true)],
            (await RowsAsync()).Select(r => (r.Projection, r.Status, r.Finished)));
    }

    [Fact]
    public async Task A_pending_request_asked_for_more_than_ten_minutes_ago_does_not_refuse_a_new_one()
    {
        await InsertAsync("first", "pending", Expired);

        var answer = await _host.Rebuilds.RequestUnlessRequestedAsync(["first"], Ct);

        Assert.Equal(ProjectionRebuilds.Outcome.NotStarted, answer.Outcome);
        Assert.Equal(2, (await RowsAsync()).Count);
    }

    [Fact]
    public async Task A_pending_request_asked_for_a_minute_ago_refuses_a_new_one_and_nothing_is_recorded()
    {
        var earlier = await InsertAsync("first", "pending", Recent);

        var answer = await _host.Rebuilds.RequestUnlessRequestedAsync(["first"], Ct);

        Assert.Equal(ProjectionRebuilds.Outcome.AlreadyRequested, answer.Outcome);
        Assert.Empty(answer.Runs);
        Assert.Equal([earlier], (await RowsAsync()).Select(r => r.Id));
    }

    [Fact]
    public async Task A_request_running_on_a_replica_with_no_session_left_does_not_refuse_a_new_one()
    {
        await InsertAsync("first", "running", Recent, ranOn: "gone");

        var answer = await _host.Rebuilds.RequestUnlessRequestedAsync(["first"], Ct);

        Assert.Equal(ProjectionRebuilds.Outcome.NotStarted, answer.Outcome);
        Assert.Equal(2, (await RowsAsync()).Count);
    }

    [Fact]
    public async Task A_request_running_on_a_replica_with_a_session_refuses_a_new_one_and_nothing_is_recorded()
    {
        var running = await InsertAsync("first", "running", Recent, ranOn: "alive");
        await using var alive = new NpgsqlConnection(
            new NpgsqlConnectionStringBuilder(_host.Database) { ApplicationName = $"{RebuildHost.Service}@alive" }.ConnectionString);
        await alive.OpenAsync(Ct);

        var answer = await _host.Rebuilds.RequestUnlessRequestedAsync(["first"], Ct);

        Assert.Equal(ProjectionRebuilds.Outcome.AlreadyRequested, answer.Outcome);
        Assert.Equal([running], (await RowsAsync()).Select(r => r.Id));
    }

    [Fact]
    public async Task The_relay_never_claims_a_request_pending_more_than_ten_minutes_and_withdraws_it_as_it_connects()
    {
        var projection = _host.Projection;
        var expired = await InsertAsync(projection, "pending", Expired);
        var fresh = await InsertAsync(projection, "pending", TimeSpan.Zero);

        await _host.StartRelayAsync();

        await Eventually.Until(() => RowAsync(fresh), r => r.Status == "rebuilt", because: "the relay rebuilds the fresh request");
        Assert.Equal(new Row(expired, projection, "withdrawn", null, true), await RowAsync(expired));

        // Connected, the relay passes over one that has waited too long (oldest first: it comes before the fresh one).
        var waitedTooLong = await InsertAsync(projection, "pending", Expired);
        var next = await InsertAsync(projection, "pending", TimeSpan.Zero);
        await ExecuteAsync($"select pg_notify('{ProjectionRebuilds.Channel}', '')");
        await Eventually.Until(() => RowAsync(next), r => r.Status == "rebuilt", because: "the relay rebuilds the next fresh request");
        Assert.Equal(new Row(waitedTooLong, projection, "pending", null, false), await RowAsync(waitedTooLong));
    }

    [Fact]
    public async Task The_rest_of_a_request_whose_first_projection_ran_longer_than_ten_minutes_is_still_run()
    {
        // One request, two projections: the first claimed elsewhere and rebuilding for 11 minutes.
        var request = Guid.NewGuid();
        var projection = _host.Projection;
        await InsertAsync("first", "running", Expired, ranOn: "elsewhere", request: request);
        var rest = await InsertAsync(projection, "pending", Expired, request: request);
        // Another request as old, nothing of it begun: nobody waits for it.
        var abandoned = await InsertAsync(projection, "pending", Expired);

        // Still asked for, it refuses a second request of its projection.
        Assert.Equal(ProjectionRebuilds.Outcome.AlreadyRequested, (await _host.Rebuilds.RequestUnlessRequestedAsync([projection], Ct)).Outcome);

        await _host.StartRelayAsync();

        await Eventually.Until(() => RowAsync(rest), r => r.Status == "rebuilt", because: "the relay runs the rest of a begun request");
        Assert.Equal(new Row(abandoned, projection, "withdrawn", null, true), await RowAsync(abandoned));
    }

    [Fact]
    public async Task The_relay_deletes_requests_finished_more_than_thirty_days_ago_as_it_connects_and_keeps_the_rest()
    {
        var deleted = new[]
        {
            await InsertAsync("first", "rebuilt", Old, ranOn: "elsewhere", finishedAgo: Old),
            await InsertAsync("first", "failed", Old, ranOn: "elsewhere", finishedAgo: Old),
            await InsertAsync("first", "withdrawn", Old, finishedAgo: Old),
        };
        var kept = new[]
        {
            await InsertAsync("first", "rebuilt", Old, ranOn: "elsewhere", finishedAgo: TimeSpan.FromDays(29)),
            await InsertAsync("first", "running", Old, ranOn: "elsewhere"),
            await InsertAsync("first", "pending", Old),
        };

        await _host.StartRelayAsync();

        await Eventually.True(async () => !(await RowsAsync()).Any(r => deleted.Contains(r.Id)), because: "the relay prunes as it connects");
        Assert.Equal(kept.Order(), (await RowsAsync()).Select(r => r.Id).Order());
    }

    private async Task<Guid> InsertAsync(string projection, string status, TimeSpan requestedAgo, string? ranOn = null, TimeSpan? finishedAgo = null,
        Guid? request = null)
    {
        var id = Guid.NewGuid();
        await using var connection = await _host.OpenAsync();
        await using var insert = new NpgsqlCommand(
            $"insert into {Table} (id, projection, status, requested_at, ran_on, finished_at, request_id) " +
            "values (@id, @projection, @status, now() - @requestedAgo, @ranOn, now() - @finishedAgo::interval, @request)",
            connection);
        insert.Parameters.AddWithValue("id", id);
        insert.Parameters.AddWithValue("request", request ?? id);
        insert.Parameters.AddWithValue("projection", projection);
        insert.Parameters.AddWithValue("status", status);
        insert.Parameters.AddWithValue("requestedAgo", requestedAgo);
        insert.Parameters.AddWithValue("ranOn", (object?)ranOn ?? DBNull.Value);
        insert.Parameters.AddWithValue("finishedAgo", finishedAgo is { } ago ? ago : (object)DBNull.Value);
        await insert.ExecuteNonQueryAsync(Ct);
        return id;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = await _host.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }

    /// <summary>The table's rows, by projection and then by when they were asked for.</summary>
    private async Task<IReadOnlyList<Row>> RowsAsync()
    {
        await using var connection = await _host.OpenAsync();
        await using var read = new NpgsqlCommand(
            $"select id, projection, status, ran_on, finished_at is not null from {Table} order by projection, requested_at", connection);
        var rows = new List<Row>();
        await using var reader = await read.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
            rows.Add(new Row(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetBoolean(4)));
        return rows;
    }

    private async Task<Row> RowAsync(Guid id) => (await RowsAsync()).Single(r => r.Id == id);
}
