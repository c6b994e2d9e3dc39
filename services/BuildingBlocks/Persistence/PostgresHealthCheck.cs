using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Kechuang.BuildingBlocks.Persistence;

/// <summary>Ready only while the service's database answers.</summary>
public sealed class PostgresHealthCheck(PostgresHealthCheck.Target target) : IHealthCheck
{
    public sealed record Target(string ConnectionString);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            await using var connection = new NpgsqlConnection(target.ConnectionString);
            await connection.OpenAsync(timeout.Token);
            await using var command = new NpgsqlCommand("select 1", connection);
            await command.ExecuteScalarAsync(timeout.Token);
            return HealthCheckResult.Healthy("PostgreSQL answers.");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL does not answer.", ex);
        }
    }
}
