using System.Diagnostics.Metrics;
using k8s;
using k8s.Models;
using Kechuang.BuildingBlocks.Messaging;
using Kechuang.BuildingBlocks.Security;
using Kechuang.Gateway.Limits;
using Kechuang.Gateway.Routing;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace Kechuang.Deploy.Tests;

/// <summary>
/// Issue 16, "Beyond one machine": deploy/ rendered by kustomize, read into the Kubernetes types,
/// and held to the AppHost and to the code: every project has a workload given every setting the
/// AppHost hands it, the probes are ServiceDefaults' paths, production runs two of everything,
/// limits, isolation, no secret committed, alerts on the metrics the code exports.
/// </summary>
public sealed class DeploymentTests
{
    public static TheoryData<string> Overlays => [.. Rendered.Overlays];

    private static readonly Lazy<Task<IReadOnlyDictionary<string, IReadOnlySet<string>>>> AppHost = new(AppHostModel.ProjectVariablesAsync);

    /// <summary>What the AppHost sets only because it runs the projects locally, and Aspire's aliases of what it also sets by the name the code reads.</summary>
    private static bool OnlyForALocalRun(string variable, IReadOnlySet<string> all) =>
        variable is "ASPNETCORE_URLS" or "DOTNET_LAUNCH_PROFILE" or "DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION"
            or "LOGGING__CONSOLE__FORMATTERNAME" or "OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"
        // ConnectionStrings__training_db beside ConnectionStrings__training-db (GetConnectionString reads the latter).
        || (variable.StartsWith("ConnectionStrings__", StringComparison.Ordinal) && variable.EndsWith("_db", StringComparison.Ordinal)
            && all.Contains(variable[..^3] + "-db"))
        // TRAINING_HTTP beside services__training__http__0 (service discovery reads the latter).
        || (variable.EndsWith("_HTTP", StringComparison.Ordinal) && all.Contains($"services__{variable[..^5].ToLowerInvariant()}__http__0"));

    private static IEnumerable<V1Deployment> Projects(Rendered rendered, IEnumerable<string> names) =>
        names.Select(rendered.Named<V1Deployment>);

    [Fact]
    public void Reading_is_strict_unknown_fields_and_unknown_kinds_fail()
    {
        var typo = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  replica: 2\n";
        Assert.ThrowsAny<Exception>(() => KubernetesYaml.LoadAllFromString(typo, new Dictionary<string, Type>(Rendered.CustomTypes), strict: true));
        var unknown = "apiVersion: example.org/v1\nkind: Gadget\nmetadata:\n  name: x\n";
        Assert.ThrowsAny<Exception>(() => KubernetesYaml.LoadAllFromString(unknown, new Dictionary<string, Type>(Rendered.CustomTypes), strict: true));
    }

    [Theory, MemberData(nameof(Overlays))]
    public void The_overlay_renders_into_Kubernetes_types(string overlay)
    {
        var rendered = Rendered.Of(overlay);
        Assert.NotEmpty(rendered.All<V1Deployment>());
        Assert.All(rendered.Objects, o => Assert.Equal("kechuang", o is V1Namespace ? o.Metadata.Name : o.Metadata.NamespaceProperty));
    }

    [Theory, MemberData(nameof(Overlays))]
    public async Task Every_apphost_project_has_a_deployment_given_every_setting_the_apphost_hands_it(string overlay)
    {
        var rendered = Rendered.Of(overlay);
        foreach (var (project, variables) in await AppHost.Value)
        {
            var provided = rendered.Environment(rendered.Named<V1Deployment>(project));
            var missing = variables.Where(v => !OnlyForALocalRun(v, variables) && !provided.ContainsKey(v)).Order().ToList();
            Assert.True(missing.Count == 0, $"{overlay}: the AppHost hands {project} {string.Join(", ", missing)}; its Deployment does not");
            Assert.NotNull(rendered.Named<V1Service>(project));
        }
    }

    [Theory, MemberData(nameof(Overlays))]
    public void The_services_and_the_gateway_get_the_keys_and_connection_strings_the_code_reads(string overlay)
    {
        var rendered = Rendered.Of(overlay);
        var signingKey = InternalIdentity.ConfigurationKey.Replace(":", "__");
        foreach (var service in ServiceRoutes.Services.Append("gateway"))
        {
            var env = rendered.Environment(rendered.Named<V1Deployment>(service));
            Assert.Contains(signingKey, env.Keys);
            Assert.Contains($"ConnectionStrings__{service}-db", env.Keys);
            Assert.Contains("ConnectionStrings__rabbitmq", env.Keys);
            Assert.Contains($"Database=kechuang_{service};", env[$"ConnectionStrings__{service}-db"]);
        }
        // The gateway finds each cluster of its routes, and the dashboard, by configuration.
        var gateway = rendered.Environment(rendered.Named<V1Deployment>("gateway"));
        foreach (var destination in ServiceRoutes.Services.Append(ServiceRoutes.Dashboard))
        {
            Assert.Equal($"http://{destination}", gateway[$"services__{destination}__http__0"]);
            Assert.Equal(80, rendered.Named<V1Service>(destination).Spec.Ports.Single().Port);
        }
        Assert.Contains(ClientAddress.TrustedProxiesKey.Replace(":", "__") + "__0", gateway.Keys);
        Assert.True(int.Parse(gateway[RequestLimits.MaxConnectionsKey.Replace(":", "__")]!) > 0);
    }

    [Theory, MemberData(nameof(Overlays))]
    public async Task Probes_are_the_paths_service_defaults_maps(string overlay)
    {
        var rendered = Rendered.Of(overlay);
        foreach (var deployment in Projects(rendered, (await AppHost.Value).Keys))
        {
            var container = deployment.Container();
            var name = deployment.Metadata.Name;
            Assert.Equal(ServiceDefaultsExtensions.LivePath, container.LivenessProbe?.HttpGet?.Path);
            Assert.Equal(ServiceDefaultsExtensions.LivePath, container.StartupProbe?.HttpGet?.Path);
            // The gateway's /health/ready is red while any service is: as its readiness it would take
            // every gateway out of rotation for one service's fault (the AppHost checks /health/live too).
            Assert.Equal(name == "gateway" ? ServiceDefaultsExtensions.LivePath : ServiceDefaultsExtensions.ReadyPath, container.ReadinessProbe?.HttpGet?.Path);
            Assert.All(new[] { container.LivenessProbe, container.ReadinessProbe, container.StartupProbe },
                p => Assert.Equal("http", p!.HttpGet.Port.Value));
            Assert.Equal(8080, container.Ports.Single(p => p.Name == "http").ContainerPort);
        }
    }

    [Theory, MemberData(nameof(Overlays))]
    public async Task Every_pod_stops_gracefully_and_has_requests_and_limits(string overlay)
    {
        var rendered = Rendered.Of(overlay);
        foreach (var deployment in Projects(rendered, (await AppHost.Value).Keys))
        {
            var pod = deployment.Spec.Template.Spec;
            var preStop = deployment.Container().Lifecycle?.PreStop?.Sleep?.Seconds ?? 0;
            // The host takes up to 30 s to stop (in-flight requests, consumers requeue) after the preStop pause.
            Assert.True(preStop > 0 && pod.TerminationGracePeriodSeconds >= preStop + 30,
                $"{overlay}/{deployment.Metadata.Name}: grace {pod.TerminationGracePeriodSeconds} s after a preStop of {preStop} s");
        }
        foreach (var container in rendered.All<V1Deployment>().SelectMany(d => d.Spec.Template.Spec.Containers))
            foreach (var resource in new[] { "cpu", "memory" })
            {
                ResourceQuantity? request = null, limit = null;
                container.Resources?.Requests?.TryGetValue(resource, out request);
                container.Resources?.Limits?.TryGetValue(resource, out limit);
                Assert.True(request is not null && limit is not null, $"{overlay}/{container.Name}: no {resource} request or limit");
                Assert.True(request.ToDecimal() <= limit.ToDecimal(), $"{overlay}/{container.Name}: {resource} request above its limit");
            }
    }

    [Fact]
    public async Task Production_runs_every_process_at_least_twice_with_three_database_instances_and_three_broker_nodes()
    {
        var rendered = Rendered.Of("production");
        foreach (var deployment in Projects(rendered, (await AppHost.Value).Keys))
            AssertScaled(rendered, deployment, atLeast: 2);
        Assert.Equal(3, rendered.Named<CnpgCluster>("kechuang-postgres").Spec.Instances);
        Assert.Equal(3, rendered.Named<RabbitmqCluster>("kechuang-rabbitmq").Spec.Replicas);
    }

    [Fact]
    public async Task The_small_overlay_runs_one_of_each()
    {
        var rendered = Rendered.Of("small");
        foreach (var deployment in Projects(rendered, (await AppHost.Value).Keys))
        {
            AssertScaled(rendered, deployment, atLeast: 1);
            Assert.Equal(1, deployment.Spec.Replicas);
        }
        Assert.Equal(1, rendered.Named<CnpgCluster>("kechuang-postgres").Spec.Instances);
        Assert.Equal(1, rendered.Named<RabbitmqCluster>("kechuang-rabbitmq").Spec.Replicas);
    }

    private static void AssertScaled(Rendered rendered, V1Deployment deployment, int atLeast)
    {
        var name = deployment.Metadata.Name;
        Assert.True(deployment.Spec.Replicas >= atLeast, $"{rendered.Overlay}/{name}: {deployment.Spec.Replicas} replicas");
        var hpa = rendered.All<V2HorizontalPodAutoscaler>().Single(h => h.Spec.ScaleTargetRef is { Kind: "Deployment" } target && target.Name == name);
        Assert.True(hpa.Spec.MinReplicas >= atLeast && hpa.Spec.MaxReplicas > hpa.Spec.MinReplicas, $"{rendered.Overlay}/{name}: autoscaler {hpa.Spec.MinReplicas}–{hpa.Spec.MaxReplicas}");
        var pdb = rendered.All<V1PodDisruptionBudget>().Single(p => p.Spec.Selector.Matches(deployment.Spec.Template.Metadata.Labels));
        // One pod at a time may go: with one replica a drain still proceeds, with two one keeps serving.
        Assert.Equal(1, pdb.Spec.MaxUnavailable?.Value is { } max ? int.Parse(max) : -1);
    }

    /// <summary>
    /// Sessions a pod holds besides Marten's pool, at most: the readiness check and the start-up
    /// schema lock (one pool of their own), the gateway's access listener and webhook dispatcher lock.
    /// </summary>
    private const int OutsideThePool = 3;

    /// <summary>PostgreSQL's reserved superuser slots and the operator's own sessions (CloudNativePG's instance manager, its exporter).</summary>
    private const int KeptForTheOperator = 10;

    [Theory, MemberData(nameof(Overlays))]
    public void At_every_autoscalers_maximum_every_connection_pool_full_fits_the_database_server(string overlay)
    {
        var rendered = Rendered.Of(overlay);
        var maxConnections = int.Parse(rendered.Named<CnpgCluster>("kechuang-postgres").Spec.Postgresql!.Parameters["max_connections"]);
        var demand = new List<(string Pool, int Pods, int Sessions)>();
        foreach (var deployment in rendered.All<V1Deployment>())
        {
            var name = deployment.Metadata.Name;
            var pods = rendered.All<V2HorizontalPodAutoscaler>()
                .SingleOrDefault(h => h.Spec.ScaleTargetRef is { Kind: "Deployment" } target && target.Name == name)?.Spec.MaxReplicas
                ?? deployment.Spec.Replicas ?? 1;
            foreach (var (variable, value) in rendered.Environment(deployment)
                         .Where(e => e.Key.StartsWith("ConnectionStrings__", StringComparison.Ordinal) && e.Key.EndsWith("-db", StringComparison.Ordinal)))
            {
                // Npgsql's default (100) would let one pod alone take a fifth of the server: every pool says its size.
                var size = System.Text.RegularExpressions.Regex.Match(value ?? "", @"(?:^|;)Maximum Pool Size=(\d+)(?:;|$)");
                Assert.True(size.Success, $"{overlay}/{name}: {variable} names no Maximum Pool Size");
                demand.Add(($"{name} {variable}", pods, int.Parse(size.Groups[1].Value) + OutsideThePool));
            }
        }
        Assert.Contains(demand, d => d.Pool.StartsWith("gateway ", StringComparison.Ordinal));
        var total = demand.Sum(d => d.Pods * d.Sessions);
        Assert.True(total <= maxConnections - KeptForTheOperator,
            $"{overlay}: at the autoscalers' maximum the pools may open {total} sessions, PostgreSQL takes {maxConnections} " +
            $"({KeptForTheOperator} kept for the operator): " + string.Join(", ", demand.Select(d => $"{d.Pool} {d.Pods}×{d.Sessions}")));
    }

    [Theory, MemberData(nameof(Overlays))]
    public async Task Network_policies_let_only_the_gateway_reach_the_services(string overlay)
    {
        var rendered = Rendered.Of(overlay);
        var projects = (await AppHost.Value).Keys.ToList();
        var pods = rendered.All<V1Deployment>().Select(d => (Name: d.Metadata.Name, Labels: (IDictionary<string, string>)d.Spec.Template.Metadata.Labels))
            .Append((Name: "postgres", Labels: new Dictionary<string, string> { ["cnpg.io/cluster"] = "kechuang-postgres" }))
            .Append((Name: "rabbitmq", Labels: new Dictionary<string, string> { ["app.kubernetes.io/name"] = "kechuang-rabbitmq" }))
            .ToList();
        Manifests.Reach Reach(string pod)
        {
            var reach = rendered.Reachers(pods.Single(p => p.Name == pod).Labels, pods);
            Assert.True(reach is { Anyone: false }, $"{overlay}: {pod} is open to anyone");
            return reach!;
        }
        // A pod that no other policy names is still closed: one policy selects every pod and allows nothing.
        Assert.Contains(rendered.All<V1NetworkPolicy>(), p => p.Spec.PodSelector.Matches(new Dictionary<string, string>())
            && p.Spec.PolicyTypes.Contains("Ingress") && (p.Spec.Ingress is null || p.Spec.Ingress.Count == 0));
        foreach (var service in ServiceRoutes.Services)
        {
            Assert.Equal(["gateway"], Reach(service).Pods);
            Assert.Empty(Reach(service).Namespaces);
        }
        Assert.Equal(["dashboard"], Reach("gateway").Pods);
        Assert.Equal(["ingress-nginx"], Reach("gateway").Namespaces);
        Assert.Equal(["gateway"], Reach("dashboard").Pods);
        Assert.Empty(Reach("dashboard").Namespaces);
        var messaging = ServiceRoutes.Services.Append("gateway").Order();
        // The dashboard keeps its key ring and sessions in a database of its own; it sends no messages.
        Assert.Equal(messaging.Append(ServiceRoutes.Dashboard).Order(), Reach("postgres").Pods.Intersect(projects).Order());
        Assert.Equal(messaging, Reach("rabbitmq").Pods.Intersect(projects).Order());
        Assert.Equal(projects.Order(), Reach("otel-collector").Pods.Order());
    }

    [Theory, MemberData(nameof(Overlays))]
    public void No_secret_is_committed_only_named_and_each_name_is_documented(string overlay)
    {
        var rendered = Rendered.Of(overlay);
        Assert.Empty(rendered.All<V1Secret>());
        var committed = Directory.EnumerateFiles(Path.Combine(Rendered.RepositoryRoot, "deploy"), "*.yaml", SearchOption.AllDirectories)
            .Where(f => File.ReadLines(f).Any(l => l.Trim() is "kind: Secret"));
        Assert.Empty(committed);

        var env = rendered.All<V1Deployment>().SelectMany(d => d.Spec.Template.Spec.Containers).SelectMany(c => c.Env ?? []).ToList();
        // Passwords and keys come from Secrets; a value may only refer to them ($(DB_PASSWORD)).
        Assert.All(env.Where(v => v.Value?.Contains("Password=", StringComparison.Ordinal) == true), v => Assert.Contains("Password=$(", v.Value));
        Assert.All(env.Where(v => v.Value?.Contains("amqp://", StringComparison.Ordinal) == true), v => Assert.StartsWith("amqp://$(MQ_USERNAME):$(MQ_PASSWORD)@", v.Value));
        Assert.All(env.Where(v => v.Name.EndsWith("Key", StringComparison.Ordinal) || v.Name.Contains("PASSWORD", StringComparison.Ordinal)),
            v => Assert.NotNull(v.ValueFrom?.SecretKeyRef));

        var named = env.Select(v => v.ValueFrom?.SecretKeyRef?.Name)
            .Concat(rendered.All<V1Ingress>().SelectMany(i => i.Spec.Tls ?? []).Select(t => t.SecretName))
            .Concat(rendered.All<CnpgCluster>().SelectMany(c => c.Spec.Managed?.Roles.Select(r => r.PasswordSecret.Name).Append(c.Spec.Bootstrap.Initdb.Secret.Name) ?? []))
            .Concat(rendered.All<RabbitmqUser>().Select(u => u.Spec.ImportCredentialsSecret.Name))
            .OfType<string>().Distinct().ToList();
        var readme = File.ReadAllText(Path.Combine(Rendered.RepositoryRoot, "README.md"));
        Assert.All(named, secret => Assert.True(readme.Contains($"`{secret}`", StringComparison.Ordinal), $"README does not name the Secret {secret}"));
        // Each database role's Secret is the one its service's connection string reads.
        foreach (var role in rendered.Named<CnpgCluster>("kechuang-postgres").Spec.Managed!.Roles)
        {
            var service = role.Name["kechuang_".Length..];
            var password = rendered.Named<V1Deployment>(service).Container().Env.Single(v => v.Name == "DB_PASSWORD");
            Assert.Equal(role.PasswordSecret.Name, password.ValueFrom.SecretKeyRef.Name);
        }
        // Each process connects to RabbitMQ as a user of its own, with permissions on the vhost only.
        var users = rendered.All<RabbitmqUser>().ToList();
        foreach (var process in ServiceRoutes.Services.Append("gateway"))
        {
            var container = rendered.Named<V1Deployment>(process).Container();
            var secrets = container.Env.Where(v => v.Name is "MQ_USERNAME" or "MQ_PASSWORD").Select(v => v.ValueFrom.SecretKeyRef.Name).Distinct().ToList();
            Assert.Equal([$"kechuang-{process}-mq"], secrets);
            var user = Assert.Single(users, u => u.Spec.ImportCredentialsSecret.Name == secrets[0]);
            Assert.Empty(user.Spec.Tags);
            var permission = Assert.Single(rendered.All<RabbitmqPermission>(), p => p.Spec.UserReference.Name == user.Metadata.Name);
            Assert.Equal("kechuang", permission.Spec.Vhost);
        }
        Assert.Equal(6, users.Count);
    }

    /// <summary>An OTel instrument's name as the collector's Prometheus exporter writes it.</summary>
    private static string PrometheusName(Instrument instrument)
    {
        var unit = instrument.Unit switch
        {
            "ms" => "_milliseconds",
            "s" => "_seconds",
            null or "" => "",
            { } u when u.StartsWith('{') => "",
            { } u => throw new InvalidOperationException($"unit {u} has no Prometheus suffix here"),
        };
        var suffix = instrument.GetType().Name.StartsWith("Counter", StringComparison.Ordinal) ? "_total" : "";
        return instrument.Name.Replace('.', '_') + unit + suffix;
    }

    [Theory, MemberData(nameof(Overlays))]
    public void Alerts_watch_what_the_runbook_names_by_the_metrics_the_code_exports(string overlay)
    {
        var rendered = Rendered.Of(overlay);
        var rules = rendered.Named<PrometheusRule>("kechuang").Spec.Groups.SelectMany(g => g.Rules).ToList();
        // The bridge's gauge is made when its monitor starts; its name is the code's literal.
        var bridgeMonitor = File.ReadAllText(Path.Combine(Rendered.RepositoryRoot, "services", "BuildingBlocks", "Operations", "BridgeMonitor.cs"));
        Assert.Contains("CreateObservableGauge(\"kechuang.bridge.backlog\", () => Backlog(), \"{event}\"", bridgeMonitor);
        var watched = new Dictionary<string, string>
        {
            ["KechuangEventLagHigh"] = PrometheusName(MessagingTelemetry.EventLag) + "_bucket",
            ["KechuangBridgeBacklog"] = "kechuang_bridge_backlog",
            ["KechuangErrorQueueFilling"] = "rabbitmq_queue_messages_ready{queue=~\".+_error\"}",
            // http.server.request.duration (s), the ASP.NET Core histogram, counted by status.
            ["KechuangServerErrors"] = "http_server_request_duration_seconds_count{http_response_status_code=~\"5..\"}",
            ["KechuangReadinessFlapping"] = "kube_pod_status_ready{",
        };
        Assert.Equal("kechuang_event_lag_milliseconds_bucket", watched["KechuangEventLagHigh"]);
        foreach (var (alert, metric) in watched)
        {
            var rule = rules.SingleOrDefault(r => r.Alert == alert) ?? throw new Xunit.Sdk.XunitException($"{overlay}: no alert {alert}");
            Assert.Contains(metric, rule.Expr);
            Assert.Contains(rule.Labels.GetValueOrDefault("severity"), new[] { "warning", "critical" });
            Assert.StartsWith("README, Operations", rule.Annotations.GetValueOrDefault("runbook"));
            Assert.False(string.IsNullOrWhiteSpace(rule.Annotations.GetValueOrDefault("summary")));
        }
        // The _error queue alert needs RabbitMQ's per-queue metrics, and Prometheus must scrape them.
        Assert.Contains("prometheus.return_per_object_metrics = true", rendered.Named<RabbitmqCluster>("kechuang-rabbitmq").Spec.Rabbitmq?.AdditionalConfig);
        Assert.Contains(rendered.All<ServiceMonitor>(), m => m.Spec.Selector.Matches(new Dictionary<string, string> { ["app.kubernetes.io/name"] = "kechuang-rabbitmq" }));

        // Every process exports OTLP to the collector, which serves Prometheus and forwards traces.
        var shared = rendered.Named<V1ConfigMap>("kechuang-shared").Data;
        Assert.Equal("http://otel-collector:4317", shared["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var collector = rendered.Named<V1ConfigMap>("otel-collector").Data["config.yaml"];
        foreach (var part in new[] { "otlp:", "prometheus:", "otlp/backend:", "exporters: [prometheus]", "exporters: [otlp/backend]" })
            Assert.Contains(part, collector);
        Assert.Contains(rendered.All<ServiceMonitor>(), m => m.Spec.Selector.Matches(rendered.Named<V1Service>("otel-collector").Metadata.Labels));
    }
}
