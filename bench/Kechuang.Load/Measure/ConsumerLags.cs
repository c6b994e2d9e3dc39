using System.Globalization;
using System.Text.Json;
using Kechuang.Load.Http;

namespace Kechuang.Load.Measure;

/// <summary>
/// A consumer's event lag (commit to consumed) and handling time over the messages it handled
/// since a time (<c>Sampled</c> of them), as its service reports them; <c>Handled</c> counts all.
/// </summary>
public sealed record ConsumerLag(string Service, string Consumer, long Handled, long Sampled, double LagP50Ms, double LagP99Ms, double LagMaxMs,
    double HandlingP50Ms, double HandlingP99Ms);

/// <summary>Reads <c>GET /api/v1/ops/&lt;service&gt;/consumers?since=</c> of every service and the gateway (operator key).</summary>
public static class ConsumerLags
{
    public static readonly string[] Services = ["applications", "resources", "experts", "training", "outreach", "gateway"];

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private sealed record Summary(string Consumer, long Handled, double LagP50Ms, double LagP99Ms, double LagMaxMs, double HandlingP50Ms, double HandlingP99Ms,
        long Sampled);

    public static async Task<IReadOnlyList<ConsumerLag>> ReadAsync(Client gateway, Partner operatorKey, DateTimeOffset since, CancellationToken ct)
    {
        var result = new List<ConsumerLag>();
        foreach (var service in Services)
        {
            var path = $"/api/v1/ops/{service}/consumers?since={Uri.EscapeDataString(since.ToString("O", CultureInfo.InvariantCulture))}";
            var reply = await gateway.SendUntilAnsweredAsync(Call.Get(path, operatorKey), ct);
            foreach (var s in reply.Json.Deserialize<List<Summary>>(Web) ?? [])
                result.Add(new ConsumerLag(service, s.Consumer, s.Handled, s.Sampled, s.LagP50Ms, s.LagP99Ms, s.LagMaxMs, s.HandlingP50Ms, s.HandlingP99Ms));
        }
        return result;
    }
}
