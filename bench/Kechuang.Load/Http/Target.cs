using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Kechuang.BuildingBlocks.Security;

namespace Kechuang.Load.Http;

/// <summary>Where requests go and how the caller is named: through the gateway with an API key, or straight to a service.</summary>
public abstract class Target
{
    public abstract HttpRequestMessage Prepare(HttpMethod method, string path, Partner? caller);
}

/// <summary>The public surface: the gateway, partners calling with <c>X-Api-Key</c>.</summary>
public sealed class GatewayTarget(Uri gateway) : Target
{
    public override HttpRequestMessage Prepare(HttpMethod method, string path, Partner? caller)
    {
        var request = new HttpRequestMessage(method, new Uri(gateway, path));
        if (caller is not null) request.Headers.Add("X-Api-Key", caller.Key);
        return request;
    }
}

/// <summary>
/// A service directly, around the gateway, with the internal identity the gateway would have
/// forwarded for the same caller (minted with the shared signing key; one token per caller, as
/// the gateway caches them).
/// </summary>
public sealed class DirectTarget(IReadOnlyDictionary<string, Uri> services, InternalIdentity identity) : Target
{
    /// <summary>Which service owns each collection (the gateway's routing table, gateway/Kechuang.Gateway/Routing/ServiceRoutes.cs).</summary>
    private static readonly Dictionary<string, string> Owners = new(StringComparer.Ordinal)
    {
        ["calls"] = "applications", ["applications"] = "applications", ["pilots"] = "applications",
        ["experience-reports"] = "applications", ["commendations"] = "applications",
        ["experts"] = "experts", ["visit-requests"] = "experts",
        ["resources"] = "resources", ["packages"] = "resources", ["subscriptions"] = "resources",
        ["deliveries"] = "resources", ["case-collections"] = "resources",
        ["training-bases"] = "training", ["courses"] = "training", ["enrolments"] = "training",
        ["certifications"] = "training", ["certificates"] = "training", ["trainers"] = "training",
        ["campaigns"] = "outreach", ["stations"] = "outreach", ["coverage"] = "outreach",
    };

    private readonly ConcurrentDictionary<Guid, string> _tokens = new();

    public static string OwnerOf(string path)
    {
        var collection = path.Split('/', '?')[3];
        return Owners.TryGetValue(collection, out var service) ? service : throw new ArgumentException($"No service owns {path}.");
    }

    public override HttpRequestMessage Prepare(HttpMethod method, string path, Partner? caller)
    {
        var request = new HttpRequestMessage(method, new Uri(services[OwnerOf(path)], path));
        if (caller is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer",
                _tokens.GetOrAdd(caller.Id, _ => identity.Issue(caller.Actor, TimeProvider.System, TimeSpan.FromHours(2))));
        return request;
    }
}
