using System.Net;
using Marten;
using Marten.Services;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;

namespace Kechuang.Gateway.Tests;

/// <summary>Unknown API keys cost a database lookup at most once each, and an address that guesses is stopped before the database.</summary>
public sealed class UnknownKeyTests(UnknownKeyTests.Gateway gateway) : IClassFixture<UnknownKeyTests.Gateway>
{
    /// <summary>The gateway with its Marten commands that read API keys counted.</summary>
    public class Gateway : GatewayFactory
    {
        public KeyLookups Lookups { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.ConfigureMarten(o => o.Logger(Lookups)));
        }
    }

    public sealed class KeyLookups : IMartenLogger, IMartenSessionLogger
    {
        private int _count;

        public int Count => _count;

        public IMartenSessionLogger StartSession(IQuerySession session) => this;

        public void SchemaChange(string sql) { }

        public void OnBeforeExecute(NpgsqlCommand command) => Counted(command.CommandText);

        public void OnBeforeExecute(NpgsqlBatch batch)
        {
            foreach (var command in batch.BatchCommands) Counted(command.CommandText);
        }

        private void Counted(string sql)
        {
            if (sql.Contains("mt_doc_apikey", StringComparison.OrdinalIgnoreCase) && sql.TrimStart().StartsWith("select", StringComparison.OrdinalIgnoreCase))
                Interlocked.Increment(ref _count);
        }

        public void LogSuccess(NpgsqlCommand command) { }

        public void LogFailure(NpgsqlCommand command, Exception ex) { }

        public void LogSuccess(NpgsqlBatch batch) { }

        public void LogFailure(NpgsqlBatch batch, Exception ex) { }

        public void LogFailure(Exception ex, string message) { }

        public void RecordSavedChanges(IDocumentSession session, IChangeSet commit) { }
    }

    private static string UnknownKey() => $"kc_{Guid.NewGuid():N}";

    [Fact]
    public async Task An_unknown_key_tried_again_is_answered_without_a_second_lookup()
    {
        var key = UnknownKey();
        var client = gateway.WithKey(key);
        var before = gateway.Lookups.Count;
        Assert.Equal(HttpStatusCode.Unauthorized, await client.ProbeAsync());
        Assert.Equal(before + 1, gateway.Lookups.Count);
        Assert.Equal(HttpStatusCode.Unauthorized, await client.ProbeAsync());
        Assert.Equal(before + 1, gateway.Lookups.Count);
    }

    [Fact]
    public async Task An_address_that_tried_too_many_unknown_keys_waits_and_its_next_key_is_not_looked_up()
    {
        var address = GatewayFactory.NewAddress();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 60 && limited is null; i++)
        {
            var answer = await gateway.From(address, UnknownKey()).GetAsync("/api/v1/event-types");
            if (answer.StatusCode == HttpStatusCode.TooManyRequests) limited = answer;
            else Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        }
        Assert.NotNull(limited);
        Assert.Equal("rate_limited", await limited.CodeAsync());
        Assert.NotNull(limited.Headers.RetryAfter);

        var before = gateway.Lookups.Count;
        Assert.Equal(HttpStatusCode.TooManyRequests, (await gateway.From(address, UnknownKey()).GetAsync("/api/v1/event-types")).StatusCode);
        Assert.Equal(before, gateway.Lookups.Count);

        // Partners elsewhere are not held up, and neither is a key this node already knows.
        var valid = await gateway.CreateKeyAsync("reader");
        Assert.Equal(HttpStatusCode.OK, await gateway.WithKey(valid).ProbeAsync());
        Assert.Equal(HttpStatusCode.OK, await gateway.From(address, valid).ProbeAsync());
    }

    [Fact]
    public async Task Without_a_trusted_proxy_a_forwarded_address_changes_nothing_and_the_peer_is_limited()
    {
        var peer = GatewayFactory.NewAddress();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 60 && limited is null; i++)
        {
            // A guesser claiming a fresh client address with every key.
            var client = gateway.From(peer, UnknownKey());
            client.DefaultRequestHeaders.Add("X-Forwarded-For", $"203.0.113.{i + 1}");
            var answer = await client.GetAsync("/api/v1/event-types");
            if (answer.StatusCode == HttpStatusCode.TooManyRequests) limited = answer;
        }
        Assert.NotNull(limited);
    }
}
