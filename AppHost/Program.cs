using Microsoft.Extensions.Configuration;
using Kechuang.AppHost;

var builder = DistributedApplication.CreateBuilder(args);
// Decided before anything starts: outside Development the AppHost refuses to run without a key of its own.
var bootstrapAdminKey = BootstrapAdminKey.Resolve(
    builder.Configuration[BootstrapAdminKey.ConfigurationKey], builder.Environment.EnvironmentName);
var infra = Infrastructure.Add(builder);
var replicas = Replicas.Resolve(builder.Configuration[Replicas.ConfigurationKey]);
// Every process the AppHost starts inherits its environment: each service's own database role
// must reach that service only (WithReference), so the AppHost forgets the variables once read.
Infrastructure.ForgetDatabaseVariables();

var adminKey = builder.AddParameter("bootstrap-admin-key", () => bootstrapAdminKey, secret: true);
// Shared by the gateway and the services only; a new one each run unless configured.
var signingKey = builder.AddParameter("internal-signing-key",
    () => builder.Configuration["Parameters:internal-signing-key"] ?? Infrastructure.NewSecret(), secret: true);

// The projects run as Production whatever the AppHost's environment: no developer exception
// page and no detailed errors, also under ./kechuang run (README "Secrets and switches").
IResourceBuilder<ProjectResource> InProduction(IResourceBuilder<ProjectResource> project) => project
    .WithEnvironment("ASPNETCORE_ENVIRONMENT", "Production")
    .WithEnvironment("DOTNET_ENVIRONMENT", "Production");

IResourceBuilder<ProjectResource> Service<TProject>(string name) where TProject : IProjectMetadata, new()
{
    var database = infra.Database(name);
    return InProduction(builder.AddProject<TProject>(name))
        .WithReference(database).WaitFor(database)
        .WithReference(infra.RabbitMq).WaitForServers(infra)
        .WithEnvironment("Kechuang__InternalSigningKey", signingKey)
        .WithHttpHealthCheck("/health/ready")
        .WithReplicas(replicas);
}

var applications = Service<Projects.Kechuang_Applications>("applications");
var resources = Service<Projects.Kechuang_Resources>("resources");
var experts = Service<Projects.Kechuang_Experts>("experts");
var training = Service<Projects.Kechuang_Training>("training");
var outreach = Service<Projects.Kechuang_Outreach>("outreach");

var gatewayDb = infra.Database("gateway");
var gatewayPort = builder.Configuration.GetValue("Kechuang:GatewayPort", 5080);
var gateway = InProduction(builder.AddProject<Projects.Kechuang_Gateway>("gateway", launchProfileName: null))
    .WithHttpEndpoint(port: gatewayPort == 0 ? null : gatewayPort, name: "http")
    .WithExternalHttpEndpoints()
    .WithReference(gatewayDb).WaitFor(gatewayDb)
    .WithReference(infra.RabbitMq).WaitForServers(infra)
    // Its replicas' shared rate-limit buckets (README "Limits").
    .WithReference(infra.Redis).WaitFor(infra.RedisServer)
    .WithEnvironment("Kechuang__BootstrapAdminKey", adminKey)
    // The gateway runs as Production; in Development the AppHost may hand it the published key.
    .WithEnvironment("Kechuang__DevelopmentAppHost", builder.Environment.EnvironmentName == "Development" ? "true" : "false")
    .WithEnvironment("Kechuang__InternalSigningKey", signingKey)
    .WithHttpHealthCheck("/health/live")
    // Its port is the AppHost's proxy, which spreads connections over the replicas.
    .WithReplicas(replicas);
foreach (var service in new[] { applications, resources, experts, training, outreach })
    gateway.WithReference(service).WaitFor(service);
// The runbook's tools on each resource's menu in the Aspire dashboard (README "Operations").
foreach (var service in new[] { applications, resources, experts, training, outreach, gateway })
    service.WithOperatorCommands(service.Resource.Name, gateway, adminKey);

// The staff dashboard: the gateway serves it at / (proxying to it) and it calls the gateway's API.
// References both ways for service discovery, WaitFor neither way (no cycle; each retries the other).
// --replicas N gives N dashboard resources (dashboard, dashboard-2, …) rather than WithReplicas: the
// AppHost's proxy in front of replicas is not sticky and a Blazor Server circuit lives in one
// process, so the gateway gets each as a destination of its own and keeps a browser on one; they
// share the key ring and the sessions in their database (README "Several replicas").
// With several, none is proxied (ports 5090, 5091, …): a stopped replica refuses connections and the
// gateway turns to another at once, where the AppHost's proxy accepted them and left the request
// hanging (tried with --replicas 2). One dashboard runs as before.
var dashboardDb = infra.Database("dashboard");
foreach (var (name, port) in Replicas.DashboardNames(replicas).Select((name, i) => (name, 5090 + i)))
{
    var dashboard = InProduction(replicas == 1
            ? builder.AddProject<Projects.Kechuang_Dashboard>(name)
            : builder.AddProject<Projects.Kechuang_Dashboard>(name, launchProfileName: null).WithHttpEndpoint(port: port, name: "http", isProxied: false))
        .WithReference(dashboardDb).WaitFor(dashboardDb).WaitForServers(infra)
        .WithReference(gateway)
        .WithHttpHealthCheck("/health/live");
    gateway.WithReference(dashboard);
}

builder.Build().Run();
