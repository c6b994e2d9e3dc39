using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Kechuang.BuildingBlocks.Messaging;

/// <summary>
/// Which replica of a service this process is, as operators and PostgreSQL see it: every
/// connection of the service carries it as its <c>application_name</c>, so the holder of a daemon
/// lock in <c>pg_locks</c> names its replica in <c>pg_stat_activity</c>
/// (Operations/DaemonLeadership). <c>Kechuang:Replica</c> when set; otherwise the
/// instance id Aspire gives each replica (<c>service.instance.id</c> in <c>OTEL_RESOURCE_ATTRIBUTES</c>);
/// otherwise host name and process id. A second host of the same service in one process (tests)
/// gets <c>#2</c>, and so on.
/// </summary>
public sealed record ReplicaName(string Value)
{
    public const string ConfigurationKey = "Kechuang:Replica";

    // PostgreSQL keeps the first 63 bytes of an application_name (NAMEDATALEN - 1).
    private const int ApplicationNameLimit = 63;

    private static readonly ConcurrentDictionary<string, int> HostsPerService = new(StringComparer.Ordinal);

    /// <summary>What PostgreSQL shows for this replica's connections: <c>&lt;service&gt;@&lt;replica&gt;</c>.</summary>
    public string ApplicationNameFor(string service)
    {
        var name = $"{service}@{Value}";
        return name.Length <= ApplicationNameLimit ? name : name[..ApplicationNameLimit];
    }

    /// <summary>The service's connection string with this replica's application name.</summary>
    public string Tag(string connectionString, string service) =>
        new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = ApplicationNameFor(service) }.ConnectionString;

    public static ReplicaName For(IConfiguration configuration, string service)
    {
        var name = configuration[ConfigurationKey] is { Length: > 0 } configured ? configured
            : AspireInstance(configuration["OTEL_RESOURCE_ATTRIBUTES"]) is { } instance ? $"{Environment.MachineName}-{instance}"
            : $"{Environment.MachineName}-{Environment.ProcessId}";
        var host = HostsPerService.AddOrUpdate($"{service}@{name}", 1, (_, n) => n + 1);
        return new ReplicaName(host == 1 ? name : $"{name}#{host}");
    }

    private static string? AspireInstance(string? attributes) =>
        attributes?.Split(',', StringSplitOptions.TrimEntries)
            .Select(a => a.Split('=', 2))
            .FirstOrDefault(kv => kv.Length == 2 && kv[0] == "service.instance.id" && kv[1].Length > 0)?[1];
}
