using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JasperFx.Events.Daemon;
using Kechuang.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;

namespace Kechuang.CrossService.Tests;

/// <summary>
/// A rebuild that no replica's daemon takes in time (the lead changing hands, or held by something
/// that is no replica) is answered with 503 <c>rebuild_not_started</c> and withdrawn, so a leader
/// elected later does not run a rebuild nobody waits for.
/// </summary>
public sealed class RebuildWithoutLeaderTests
{
    private static readonly string Service = Outreach.OutreachService.Name;

    [Fact]
    public async Task A_rebuild_no_daemon_takes_in_time_is_refused_with_rebuild_not_started_and_withdrawn()
    {
        var database = await TestInfrastructure.CreateDatabaseAsync(Service);
        var vhost = await TestInfrastructure.CreateVhostAsync("leader");
        try
        {
            // The shards' lock ids, from a replica's own election; then the test holds them all.
            long[] locks;
            string projection;
            await using (var earlier = new ServiceFactory<Outreach.OutreachService.Marker>(Service, database, vhost))
            {
                await earlier.InitializeAsync();
                var coordinator = (ProjectionCoordinatorBase)earlier.Services.GetRequiredService<IProjectionCoordinator>();
                var sets = await coordinator.Distributor!.BuildDistributionAsync();
                locks = sets.Select(s => (long)s.LockId).ToArray();
                projection = sets[0].Names[0].Name;
            }
            await using var holder = new NpgsqlConnection(database);
            await holder.OpenAsync();
            foreach (var id in locks)
            {
                await using var take = new NpgsqlCommand("select pg_advisory_lock(@id)", holder);
                take.Parameters.AddWithValue("id", id);
                await take.ExecuteNonQueryAsync();
            }

            await using var replica = new ServiceFactory<Outreach.OutreachService.Marker>(Service, database, vhost)
                .With("Kechuang:Operations:RebuildWaitSeconds", "1");
            await replica.InitializeAsync();
            var response = await replica.ClientFor(Actors.Operator).PostAsync($"/api/v1/ops/{Service}/projections/{projection}/rebuild", null);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("rebuild_not_started", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
            await using var status = new NpgsqlCommand($"select status from {Service}.kc_projection_rebuilds", holder);
            Assert.Equal("withdrawn", await status.ExecuteScalarAsync());
        }
        finally
        {
            await TestInfrastructure.DropDatabaseAsync(database);
            await TestInfrastructure.DeleteVhostAsync(vhost);
        }
    }
}
