using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kechuang.BuildingBlocks.Persistence;
using Kechuang.BuildingBlocks.Tests.Bridge;
using Kechuang.TestKit;
using Marten;
using Xunit;

namespace Kechuang.BuildingBlocks.Tests.Persistence;

/// <summary>
/// The write paths of EventStreams against real PostgreSQL: an aggregate with a ledger locked in
/// the same transaction, an aggregate locked itself, and a decision that reads before it decides.
/// </summary>
public sealed class EventStreamsTests : IAsyncLifetime
{
    private string _database = "";
    private Uri _vhost = null!;
    private MiniService _service = null!;
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _database = await TestInfrastructure.CreateDatabaseAsync("streams");
        _vhost = await TestInfrastructure.CreateVhostAsync("streams");
        _service = await MiniService.StartAsync(TicketService.Name, _database, _vhost, TicketService.Configure, TicketService.Map);
        _client = _service.ClientFor(Actors.Centre);
    }

    public async ValueTask DisposeAsync()
    {
        await _service.DisposeAsync();
        await TestInfrastructure.DropDatabaseAsync(_database);
        await TestInfrastructure.DeleteVhostAsync(_vhost);
    }

    private async Task<Guid> IssueAsync()
    {
        var id = Guid.NewGuid();
        await using var session = _service.Store.LightweightSession();
        session.Events.StartStream<Ticket>(id, new TicketIssued(id, Actors.Centre, DateTimeOffset.UtcNow));
        await session.SaveChangesAsync();
        return id;
    }

    private async Task<Guid> OpenQuotaAsync(int capacity)
    {
        var id = Guid.NewGuid();
        await using var session = _service.Store.LightweightSession();
        session.Events.StartStream<Quota>(id, new QuotaOpened(id, capacity, Actors.Centre, DateTimeOffset.UtcNow));
        await session.SaveChangesAsync();
        return id;
    }

    private async Task<long> VersionAsync(Guid stream)
    {
        await using var session = _service.Store.QuerySession();
        return (await session.Events.FetchStreamStateAsync(stream))!.Version;
    }

    private async Task<IReadOnlyList<Guid>> HoldersAsync(Guid quota)
    {
        await using var session = _service.Store.QuerySession();
        return (await session.LoadAsync<Quota>(quota))!.Holders;
    }

    private Task<HttpResponseMessage> PostAsync(string path, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return _client.SendAsync(request);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(code, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Null(response.Headers.ETag);
    }

    [Fact]
    public async Task A_granted_ticket_and_its_quota_place_commit_together_and_the_answer_carries_the_new_version()
    {
        var quota = await OpenQuotaAsync(capacity: 2);
        var ticket = await IssueAsync();

        var response = await PostAsync($"/tickets/{ticket}/grant?quota={quota}", ifMatch: "\"1\"");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"2\"", response.Headers.ETag?.Tag);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("granted").GetBoolean());
        Assert.Equal(new[] { ticket }, await HoldersAsync(quota));
    }

    [Fact]
    public async Task A_stale_If_Match_with_a_locked_ledger_is_a_412_and_nothing_is_stored()
    {
        var quota = await OpenQuotaAsync(capacity: 2);
        var ticket = await IssueAsync();

        await AssertProblemAsync(await PostAsync($"/tickets/{ticket}/grant?quota={quota}", ifMatch: "\"2\""),
            HttpStatusCode.PreconditionFailed, "precondition_failed");

        Assert.Equal(1, await VersionAsync(ticket));
        Assert.Empty(await HoldersAsync(quota));
        Assert.Equal(1, await VersionAsync(quota));
    }

    [Fact]
    public async Task A_stale_If_Match_on_a_locked_aggregate_is_a_412_and_nothing_is_stored_the_current_one_writes()
    {
        var ticket = await IssueAsync();
        Assert.Equal("\"2\"", (await PostAsync($"/tickets/{ticket}/notes")).Headers.ETag?.Tag);

        await AssertProblemAsync(await PostAsync($"/tickets/{ticket}/notes", ifMatch: "\"1\""),
            HttpStatusCode.PreconditionFailed, "precondition_failed");
        Assert.Equal(2, await VersionAsync(ticket));

        var current = await PostAsync($"/tickets/{ticket}/notes", ifMatch: "\"2\"");
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
        Assert.Equal("\"3\"", current.Headers.ETag?.Tag);
        Assert.Equal(2, (await current.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("notes").GetInt32());
    }

    [Fact]
    public async Task The_locked_ledger_makes_a_second_writer_wait_and_decide_on_what_the_first_left()
    {
        var quota = await OpenQuotaAsync(capacity: 1);
        var first = await IssueAsync();
        var second = await IssueAsync();

        var (entered, release) = HeldDecisions.Hold(first);
        var firstWrite = PostAsync($"/tickets/{first}/grant?quota={quota}");
        await entered.WaitAsync(TimeSpan.FromSeconds(20));
        // The first holds the quota's lock inside its decision; the second queues on the row lock.
        var secondWrite = PostAsync($"/tickets/{second}/grant?quota={quota}");
        await Eventually.True(async () =>
        {
            await using var session = _service.Store.QuerySession();
            var waiting = await session.QueryAsync<int>(
                "select count(*)::int from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'");
            return waiting.Single() >= 1;
        }, because: "the second writer waits for the quota's row lock");
        Assert.False(secondWrite.IsCompleted);
        release();

        Assert.Equal(HttpStatusCode.OK, (await firstWrite).StatusCode);
        // It read the quota only once the first had committed: full, a rule's refusal, not a race.
        await AssertProblemAsync(await secondWrite, HttpStatusCode.Conflict, TicketService.QuotaFull);
        Assert.Equal(new[] { first }, await HoldersAsync(quota));
        Assert.Equal(1, await VersionAsync(second));
    }

    [Fact]
    public async Task Ten_parallel_grants_against_a_quota_of_three_grant_exactly_three_and_never_conflict()
    {
        var quota = await OpenQuotaAsync(capacity: 3);
        var tickets = new List<Guid>();
        for (var i = 0; i < 10; i++) tickets.Add(await IssueAsync());

        var responses = await Task.WhenAll(tickets.Select(t => PostAsync($"/tickets/{t}/grant?quota={quota}")));

        Assert.Equal(3, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
            await AssertProblemAsync(refused, HttpStatusCode.Conflict, TicketService.QuotaFull);
        Assert.Equal(3, (await HoldersAsync(quota)).Count);
    }

    [Fact]
    public async Task A_decision_that_says_no_stores_nothing_in_either_stream()
    {
        var quota = await OpenQuotaAsync(capacity: 1);
        var granted = await IssueAsync();
        var refused = await IssueAsync();
        Assert.Equal(HttpStatusCode.OK, (await PostAsync($"/tickets/{granted}/grant?quota={quota}")).StatusCode);

        await AssertProblemAsync(await PostAsync($"/tickets/{granted}/grant?quota={quota}"), HttpStatusCode.Conflict, "invalid_state");
        await AssertProblemAsync(await PostAsync($"/tickets/{refused}/grant?quota={quota}"), HttpStatusCode.Conflict, TicketService.QuotaFull);

        Assert.Equal(2, await VersionAsync(granted));
        Assert.Equal(1, await VersionAsync(refused));
        Assert.Equal(2, await VersionAsync(quota));
        Assert.Equal(new[] { granted }, await HoldersAsync(quota));
    }

    [Fact]
    public async Task An_async_decision_writes_on_what_it_read_and_stores_nothing_when_it_says_no()
    {
        var roomy = await OpenQuotaAsync(capacity: 1);
        var full = await OpenQuotaAsync(capacity: 0);
        var ticket = await IssueAsync();

        var written = await PostAsync($"/tickets/{ticket}/checks?quota={roomy}", ifMatch: "\"1\"");
        Assert.Equal(HttpStatusCode.OK, written.StatusCode);
        Assert.Equal("\"2\"", written.Headers.ETag?.Tag);

        await AssertProblemAsync(await PostAsync($"/tickets/{ticket}/checks?quota={full}"), HttpStatusCode.UnprocessableEntity,
            TicketService.QuotaFull);
        await AssertProblemAsync(await PostAsync($"/tickets/{ticket}/checks?quota={roomy}", ifMatch: "\"1\""),
            HttpStatusCode.PreconditionFailed, "precondition_failed");
        await AssertProblemAsync(await PostAsync($"/tickets/{Guid.Empty}/checks?quota={roomy}"), HttpStatusCode.NotFound, "not_found");
        Assert.Equal(2, await VersionAsync(ticket));
    }

    [Fact]
    public async Task A_list_page_carries_each_streams_version_and_is_its_count_and_its_page()
    {
        var once = await IssueAsync();
        var thrice = await IssueAsync();
        for (var i = 0; i < 2; i++) Assert.Equal(HttpStatusCode.OK, (await PostAsync($"/tickets/{thrice}/notes")).StatusCode);

        // The shape of every list endpoint: the count, then the page; no third query for the versions.
        await using var session = _service.Store.QuerySession();
        var query = session.Query<Ticket>().Where(t => t.Id == once || t.Id == thrice);
        var total = await query.CountAsync();
        var page = await query.OrderBy(t => t.Notes).Skip(0).Take(50).ToListAsync();

        Assert.Equal((2, 2), (total, session.RequestCount));
        Assert.Equal([(once, 1L), (thrice, 3L)], page.Select(t => (t.Id, t.Version)));
        Assert.Equal((1L, 3L), (await VersionAsync(once), await VersionAsync(thrice)));
    }

    [Fact]
    public async Task A_read_with_its_version_is_one_query()
    {
        var ticket = await IssueAsync();
        Assert.Equal(HttpStatusCode.OK, (await PostAsync($"/tickets/{ticket}/notes")).StatusCode);

        await using var session = _service.Store.LightweightSession();
        var (state, version) = await session.ReadAsync<Ticket>(ticket, CancellationToken.None);

        Assert.Equal((1, 2L, 1), (state!.Notes, version, session.RequestCount));
    }

    [Fact]
    public async Task A_snapshot_stored_before_aggregates_carried_a_version_reads_its_streams_version()
    {
        var ticket = await IssueAsync();
        Assert.Equal(HttpStatusCode.OK, (await PostAsync($"/tickets/{ticket}/notes")).StatusCode);
        await using (var session = _service.Store.LightweightSession())
        {
            // What a snapshot written before this change holds: no version in its JSON, the stream's in mt_version.
            var table = $"{_service.Store.Options.DatabaseSchemaName}.mt_doc_ticket";
            session.QueueSqlCommand($"update {table} set data = data - 'version' where id = ?", ticket);
            await session.SaveChangesAsync();
        }

        await using var query = _service.Store.QuerySession();
        Assert.Equal(2, (await query.LoadAsync<Ticket>(ticket))!.Version);
        Assert.Equal(2, (await query.Query<Ticket>().SingleAsync(t => t.Id == ticket)).Version);
        var next = await PostAsync($"/tickets/{ticket}/notes", ifMatch: "\"2\"");
        Assert.Equal("\"3\"", next.Headers.ETag?.Tag);
    }
}
