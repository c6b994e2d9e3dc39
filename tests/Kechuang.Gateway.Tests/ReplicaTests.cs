using System.Net;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Kechuang.Gateway.Access;
using Npgsql;
using StackExchange.Redis;
using Kechuang.TestKit;
using Xunit;

namespace Kechuang.Gateway.Tests;

/// <summary>
/// Two gateway replicas on one database and one Redis: what one node stops, the other stops at
/// once (AccessChanges); a caller's rate limit is one bucket for both (ReplicaLimitTests); a retry
/// landing on the other node replays (ReplicaIdempotencyTests); each event reaches a webhook once
/// (ReplicaWebhookTests).
/// </summary>
public sealed partial class ReplicaTests(ReplicaTests.TwoNodes nodes) : IClassFixture<ReplicaTests.TwoNodes>
{
    public sealed class TwoNodes : IAsyncLifetime
    {
        public GatewayFactory First { get; } = new();

        public GatewayFactory Second { get; private set; } = null!;

        /// <summary>Both nodes reach the tests' Redis through this, so a test can take Redis "down" for them alone.</summary>
        public TcpProxy Redis { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            var redis = ConfigurationOptions.Parse(await TestInfrastructure.RedisAsync());
            var (host, port) = redis.EndPoints.Single() switch
            {
                DnsEndPoint named => (named.Host, named.Port),
                IPEndPoint address => (address.Address.ToString(), address.Port),
                var other => throw new InvalidOperationException($"Redis at {other}?"),
            };
            Redis = new TcpProxy(host, port);
            redis.EndPoints.Clear();
            redis.EndPoints.Add(IPAddress.Loopback, Redis.Port);
            First.With("ConnectionStrings:redis", redis.ToString(includePassword: true));
            await First.InitializeAsync();
            Second = First.AnotherNode();
            Second.With("ConnectionStrings:redis", redis.ToString(includePassword: true));
            await Second.InitializeAsync();
        }

        public async ValueTask DisposeAsync()
        {
            await Second.DisposeAsync();
            await First.DisposeAsync();
            await Redis.DisposeAsync();
        }
    }

    /// <summary>
    /// Far below the caches' 10 s, which is what the other node would take without hearing the
    /// change; slack for a loaded machine (the measured time is printed: milliseconds).
    /// </summary>
    private static readonly TimeSpan Heard = TimeSpan.FromSeconds(6);

    [Fact]
    public async Task Keys_created_through_both_nodes_at_once_are_each_created()
    {
        var nodesOf = new[] { nodes.First.Admin(), nodes.Second.Admin() };
        var statuses = new System.Collections.Concurrent.ConcurrentBag<string>();
        // 40 at once, within the admin's burst: the other tests of this fixture share its bucket.
        await Parallel.ForEachAsync(Enumerable.Range(0, 40), new ParallelOptions { MaxDegreeOfParallelism = 20 }, async (i, ct) =>
        {
            using var response = await nodesOf[i % 2].PostAsJsonAsync("/api/v1/api-keys",
                new { name = $"县{i}学校", role = "school", province = "浙江省", organizationId = Guid.NewGuid() }, ct);
            statuses.Add(response.StatusCode == HttpStatusCode.Created ? "201" : $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        });
        Assert.All(statuses, s => Assert.Equal("201", s));
    }

    [Fact]
    public async Task Tokens_of_a_disabled_account_and_of_an_old_password_stop_at_once_on_both_nodes()
    {
        var (disabledId, disabledUser) = await nodes.First.CreateUserAsync("centre");
        var (resetId, resetUser) = await nodes.First.CreateUserAsync("province", "浙江省");
        var disabledToken = await nodes.First.TokenAsync(disabledUser);
        var resetToken = await nodes.First.TokenAsync(resetUser);
        // The other node knows both accounts' stamps before the change.
        Assert.Equal(HttpStatusCode.OK, await nodes.Second.WithToken(disabledToken).ProbeAsync());
        Assert.Equal(HttpStatusCode.OK, await nodes.Second.WithToken(resetToken).ProbeAsync());

        Assert.Equal(HttpStatusCode.OK, (await nodes.First.Admin().PostAsync($"/api/v1/users/{disabledId}/disable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await nodes.First.Admin().PostAsJsonAsync($"/api/v1/users/{resetId}/password",
            new { password = "the replacement password" })).StatusCode);
        var changed = Stopwatch.StartNew();

        Assert.Equal(HttpStatusCode.Unauthorized, await nodes.First.WithToken(disabledToken).ProbeAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, await nodes.First.WithToken(resetToken).ProbeAsync());
        await Task.WhenAll(
            RefusedBySecondAsync(nodes.Second.WithToken(disabledToken), changed, "the disabled account's token"),
            RefusedBySecondAsync(nodes.Second.WithToken(resetToken), changed, "the token issued before the new password"));
    }

    [Fact]
    public async Task A_key_revoked_on_one_node_is_refused_by_the_other_at_once_also_after_its_listening_connection_was_cut()
    {
        var first = await NewKeyAsync();
        Assert.Equal(HttpStatusCode.OK, await nodes.Second.WithKey(first.Key).ProbeAsync());
        Assert.Equal(HttpStatusCode.NoContent, (await nodes.First.Admin().DeleteAsync($"/api/v1/api-keys/{first.Id}")).StatusCode);
        await RefusedBySecondAsync(nodes.Second.WithKey(first.Key), Stopwatch.StartNew(), "the revoked key");

        // Both nodes' listening connections are cut; a key revoked right then is still refused at
        // once: heard after the node listens again, or forgotten with everything when it does.
        var second = await NewKeyAsync();
        Assert.Equal(HttpStatusCode.OK, await nodes.Second.WithKey(second.Key).ProbeAsync());
        Assert.True(await CutListenersAsync() >= 2, "each node had a listening connection");
        Assert.Equal(HttpStatusCode.NoContent, (await nodes.First.Admin().DeleteAsync($"/api/v1/api-keys/{second.Id}")).StatusCode);
        await RefusedBySecondAsync(nodes.Second.WithKey(second.Key), Stopwatch.StartNew(), "the key revoked while the connections were cut");
        await Eventually.True(async () => await CutListenersAsync(count: true) >= 2, Heard, "both nodes listen again");
    }

    private async Task<(Guid Id, string Key)> NewKeyAsync()
    {
        var response = await nodes.First.Admin().PostAsJsonAsync("/api/v1/api-keys", new { name = "replica", role = "reader" });
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (created.GetProperty("id").GetGuid(), created.GetProperty("key").GetString()!);
    }

    private static async Task RefusedBySecondAsync(HttpClient caller, Stopwatch since, string what)
    {
        await Eventually.True(async () => await caller.ProbeAsync() == HttpStatusCode.Unauthorized, Heard,
            $"the other node refuses {what}");
        TestContext.Current.TestOutputHelper?.WriteLine($"the other node refused {what} {since.ElapsedMilliseconds} ms after the change");
    }

    /// <summary>Ends (or, with <paramref name="count"/>, counts) the nodes' listening connections to their database.</summary>
    private async Task<int> CutListenersAsync(bool count = false)
    {
        await using var connection = new NpgsqlConnection(nodes.First.Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"select count({(count ? "*" : "pg_terminate_backend(pid)")}) from pg_stat_activity where datname = current_database() and application_name = @name",
            connection);
        command.Parameters.AddWithValue("name", AccessChangeListener.ApplicationName);
        return Convert.ToInt32(await command.ExecuteScalarAsync());
    }
}
