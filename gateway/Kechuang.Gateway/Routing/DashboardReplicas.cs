using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;
using Yarp.ReverseProxy.SessionAffinity;

namespace Kechuang.Gateway.Routing;

/// <summary>
/// The dashboard's replicas as destinations of one cluster. A Blazor Server circuit lives in one
/// process, so a browser keeps to the replica that served it (an affinity cookie); the gateway
/// probes each replica's <c>/health/live</c>, and a page whose replica does not answer is served
/// by another (the replicas share their key ring and sessions, so the user stays signed in).
/// One replica is one destination, as before: no cookie, no probes.
/// </summary>
public static partial class DashboardReplicas
{
    /// <summary>The browser's cookie naming its replica (a hash of the destination, never its address).</summary>
    public const string AffinityCookie = "kechuang.replica";

    /// <summary>How long a replica that refused a connection gets no requests, unless a probe finds it alive first.</summary>
    public static readonly TimeSpan Reactivation = TimeSpan.FromSeconds(30);

    [GeneratedRegex("^dashboard(-[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex ReplicaName();

    /// <summary>The configured service-discovery names of the dashboard's replicas (<c>services:dashboard-2:…</c>); at least the dashboard's own.</summary>
    public static IReadOnlyList<string> Names(IConfiguration configuration, string dashboard)
    {
        var names = configuration.GetSection("services").GetChildren().Select(s => s.Key)
            .Where(name => ReplicaName().IsMatch(name)).Order(StringComparer.Ordinal).ToList();
        return names.Count == 0 ? [dashboard] : names;
    }

    public static ClusterConfig Cluster(string clusterId, IReadOnlyList<string> names) => new()
    {
        ClusterId = clusterId,
        Destinations = names.ToDictionary(name => name, name => new DestinationConfig { Address = $"http://{name}" }),
        SessionAffinity = names.Count < 2 ? null : new SessionAffinityConfig
        {
            Enabled = true,
            Policy = ReplicaAffinity.PolicyName,
            FailurePolicy = SessionAffinityConstants.FailurePolicies.Redistribute,
            AffinityKeyName = AffinityCookie,
        },
        HealthCheck = names.Count < 2 ? null : new HealthCheckConfig
        {
            Active = new ActiveHealthCheckConfig
            {
                Enabled = true,
                Interval = TimeSpan.FromSeconds(5),
                Timeout = TimeSpan.FromSeconds(3),
                Policy = HealthCheckConstants.ActivePolicy.ConsecutiveFailures,
                Path = "/health/live",
            },
            Passive = new PassiveHealthCheckConfig
            {
                Enabled = true,
                Policy = HealthCheckConstants.PassivePolicy.TransportFailureRate,
                ReactivationPeriod = Reactivation,
            },
        },
    };

    /// <summary>
    /// A page request (GET or HEAD) whose replica refused the connection goes to another replica
    /// before anything is answered: the browser gets the page, not the gateway's 502, also in the
    /// seconds before the probes notice. The refusing replica is set aside until it is reactivated.
    /// </summary>
    public static IReverseProxyApplicationBuilder UseDashboardFailover(this IReverseProxyApplicationBuilder proxy)
    {
        proxy.Use(async (context, next) =>
        {
            var feature = context.GetReverseProxyFeature();
            if (feature.Cluster.Config.SessionAffinity is null || !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)))
            {
                await next();
                return;
            }
            var candidates = feature.AvailableDestinations;
            var refused = new List<DestinationState>();
            while (true)
            {
                await next();
                // Only a refused connection (the replica is not there): any other failure may be
                // this request's own doing, and must not set a live replica aside.
                if (context.GetForwarderErrorFeature() is not { Error: ForwarderError.Request, Exception: var error } || !Refused(error)
                    || context.Response.HasStarted || feature.ProxiedDestination is not { } failed)
                    return;
                refused.Add(failed);
                var others = candidates.Where(d => !refused.Contains(d)).ToList();
                // The last one is never set aside: every replica refusing is an outage the probes report.
                if (others.Count == 0) return;
                context.RequestServices.GetRequiredService<IDestinationHealthUpdater>()
                    .SetPassive(feature.Route.Cluster!, failed, DestinationHealth.Unhealthy, Reactivation);
                context.Features.Set<IForwarderErrorFeature>(null);
                context.Response.Clear();
                feature.AvailableDestinations = others;
            }
        });
        return proxy;
    }

    private static bool Refused(Exception? error) =>
        error is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError }
        || error?.InnerException is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionRefused };

    /// <summary>
    /// The affinity cookie holds a hash of the destination the browser keeps to; a response from
    /// another destination (the first, or after a failover) sets it anew. YARP's own cookie policy
    /// remembers a match for the whole request and so keeps a stale cookie after a retry.
    /// </summary>
    public sealed class ReplicaAffinity : ISessionAffinityPolicy
    {
        public const string PolicyName = "DashboardReplica";

        public string Name => PolicyName;

        public AffinityResult FindAffinitizedDestinations(HttpContext context, ClusterState cluster, SessionAffinityConfig config,
            IReadOnlyList<DestinationState> destinations)
        {
            if (context.Request.Cookies[config.AffinityKeyName] is not { } wanted) return new(null, AffinityStatus.AffinityKeyNotSet);
            var match = destinations.FirstOrDefault(d => Hash(d) == wanted);
            return match is null ? new(null, AffinityStatus.DestinationNotFound) : new([match], AffinityStatus.OK);
        }

        public void AffinitizeResponse(HttpContext context, ClusterState cluster, SessionAffinityConfig config, DestinationState destination)
        {
            var hash = Hash(destination);
            if (context.Request.Cookies[config.AffinityKeyName] == hash) return;
            context.Response.Cookies.Append(config.AffinityKeyName, hash, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                Secure = context.Request.IsHttps,
                Path = "/",
                IsEssential = true,
            });
        }

        private static string Hash(DestinationState destination) =>
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(destination.DestinationId)))[..16];
    }
}
