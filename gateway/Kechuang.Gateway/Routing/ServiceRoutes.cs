using Yarp.ReverseProxy.Configuration;

namespace Kechuang.Gateway.Routing;

/// <summary>
/// The one public surface: every <c>/api/v1/&lt;collection&gt;</c> of ../shared/API.md and the
/// service that owns it. Services serve the same paths, so the gateway forwards them unchanged.
/// </summary>
public static class ServiceRoutes
{
    public static readonly IReadOnlyDictionary<string, string[]> CollectionsByService = new Dictionary<string, string[]>
    {
        ["applications"] = ["calls", "applications", "pilots", "experience-reports", "commendations"],
        ["experts"] = ["experts", "visit-requests"],
        ["resources"] = ["resources", "packages", "subscriptions", "deliveries", "case-collections"],
        ["training"] = ["training-bases", "courses", "enrolments", "certifications", "certificates", "trainers"],
        ["outreach"] = ["campaigns", "stations", "coverage"],
    };

    public static IEnumerable<string> Services => CollectionsByService.Keys;

    /// <summary>The staff dashboard (<c>dashboard/Kechuang.Dashboard</c>), resolved like the services.</summary>
    public const string Dashboard = "dashboard";

    /// <summary>Reads anyone may make without a key (API.md: "Public reads").</summary>
    public static readonly IReadOnlyDictionary<string, string> PublicReads = new Dictionary<string, string>
    {
        ["pilots"] = "applications",
        ["certificates"] = "training",
    };

    /// <summary>
    /// Every route needs an authenticated caller (the default policy) except the public reads,
    /// which are matched first for GET only.
    /// </summary>
    public static IReadOnlyList<RouteConfig> Routes() =>
        CollectionsByService.SelectMany(s => s.Value.Select(collection => new RouteConfig
        {
            RouteId = $"{s.Key}-{collection}",
            ClusterId = s.Key,
            AuthorizationPolicy = "default",
            Match = new RouteMatch { Path = $"/api/v1/{collection}/{{**rest}}" },
        }))
        .Concat(Services.Select(service => new RouteConfig
        {
            RouteId = $"{service}-ops",
            ClusterId = service,
            AuthorizationPolicy = "default",
            Match = new RouteMatch { Path = $"/api/v1/ops/{service}/{{**rest}}" },
        }))
        .Concat(PublicReads.Select(p => new RouteConfig
        {
            RouteId = $"{p.Value}-{p.Key}-public",
            ClusterId = p.Value,
            AuthorizationPolicy = "anonymous",
            Order = -1,
            Match = new RouteMatch { Path = $"/api/v1/{p.Key}/{{**rest}}", Methods = ["GET", "HEAD"] },
        }))
        .Append(new RouteConfig
        {
            // Every path the gateway does not serve itself (/, /_blazor and its WebSocket, /_framework,
            // /_content, static assets) is the dashboard's, at the lowest priority; /api/... that
            // matches nothing stays the gateway's JSON 404 (GatewayExtensions).
            RouteId = Dashboard,
            ClusterId = Dashboard,
            AuthorizationPolicy = "anonymous",
            Order = int.MaxValue,
            Match = new RouteMatch { Path = "/{**path}" },
        })
        .ToList();

    /// <summary>
    /// Destinations are service names, resolved by service discovery (Aspire, or configuration).
    /// The dashboard's are every configured <c>dashboard</c> and <c>dashboard-N</c> (the AppHost
    /// names its replicas so); with more than one, a browser keeps to one of them (<see cref="DashboardReplicas"/>).
    /// </summary>
    public static IReadOnlyList<ClusterConfig> Clusters(IConfiguration configuration) =>
        Services.Select(service => new ClusterConfig
        {
            ClusterId = service,
            Destinations = new Dictionary<string, DestinationConfig>
            {
                [service] = new() { Address = $"http://{service}" },
            },
            HttpRequest = new Yarp.ReverseProxy.Forwarder.ForwarderRequestConfig
            {
                ActivityTimeout = TimeSpan.FromSeconds(30),
            },
        }).Append(DashboardReplicas.Cluster(Dashboard, DashboardReplicas.Names(configuration, Dashboard))).ToList();
}
