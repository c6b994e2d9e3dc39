using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Npgsql;

namespace Kechuang.Dashboard.Replicas;

/// <summary>
/// What lets a browser move between dashboard replicas: every replica reads one data-protection
/// key ring (the sign-in cookie, antiforgery tokens, Blazor's circuit ids and the stored sessions
/// are protected with it) and one table of sessions, both in the dashboard's own database
/// (<c>ConnectionStrings:dashboard-db</c>). Replicas never make keys on their own: two starting at
/// once on an empty ring would each make one and, until their rings were read again, refuse what
/// the other protected. <see cref="DashboardStore"/> makes them instead, one replica at a time.
/// </summary>
public static class SharedKeyRing
{
    public const string ConnectionName = "dashboard-db";

    /// <summary>The same on every replica: the framework derives its purposes from it.</summary>
    public const string ApplicationName = "kechuang-dashboard";

    public static IServiceCollection AddSharedKeyRing(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionName)
            ?? throw new InvalidOperationException(
                $"No ConnectionStrings__{ConnectionName}: the dashboard keeps its key ring and sessions in a database of its own (the AppHost hands it one).");
        services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .DisableAutomaticKeyGeneration();
        services.AddOptions<KeyManagementOptions>()
            .Configure<NpgsqlDataSource>((o, database) => o.XmlRepository = new PostgresKeyRepository(database));
        // Before every other hosted service (the framework's own loads the ring at start): the
        // tables and a key exist before anything reads them.
        var first = services.ToList().FindIndex(d => d.ServiceType == typeof(IHostedService));
        services.Insert(first < 0 ? services.Count : first, ServiceDescriptor.Singleton<IHostedService, DashboardStore>());
        return services;
    }
}
