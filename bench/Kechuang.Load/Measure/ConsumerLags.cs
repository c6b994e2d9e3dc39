using System.Text.Json;
using Kechuang.Load.Http;

namespace Kechuang.Load.Measure;

/// <summary>A consumer's recent event lag (commit to consumed) and handling time, as its service reports them.</summary>
public sealed record ConsumerLag(string Service, string Consumer, long Handled, double LagP50Ms, double LagP99Ms, double LagMaxMs,
    double HandlingP50Ms, double HandlingP99Ms);

/// <summary>Reads <c>GET /api/v1/ops/&lt;service&gt;/consumers</c> of every service and the gateway (operator key).</summary>
public static class ConsumerLags
{
    public static readonly string[] Services = ["applications", "resources", "experts", "training", "outreach", "gateway"];

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private sealed record Summary(string Consumer, long Handled, double LagP50Ms, double LagP99Ms, double LagMaxMs, double HandlingP50Ms, double HandlingP99Ms);

    public static async Task<IReadOnlyList<ConsumerLag>> ReadAsync(Client gateway, Partner operatorKey, CancellationToken ct)
    {
        var result = new List<ConsumerLag>();
        foreach (var service in Services)
        {
            var reply = await gateway.SendUntilAnsweredAsync(Call.Get($"/api/v1/ops/{service}/consumers", operatorKey), ct);
            foreach (var s in reply.Json.Deserialize<List<Summary>>(Web) ?? [])
                result.Add(new ConsumerLag(service, s.Consumer, s.Handled, s.LagP50Ms, s.LagP99Ms, s.LagMaxMs, s.HandlingP50Ms, s.HandlingP99Ms));
        }
        return result;
    }

    /// <summary>How many messages each consumer handled between two readings.</summary>
    public static long HandledSince(this ConsumerLag now, IReadOnlyList<ConsumerLag> before) =>
        now.Handled - (before.FirstOrDefault(b => b.Service == now.Service && b.Consumer == now.Consumer)?.Handled ?? 0);
}
