using k8s;
using k8s.Models;

namespace Kechuang.Deploy.Tests;

// The operators' custom resources, as far as deploy/ uses them: the rendered objects are read
// strictly, so a field these types do not name (a typo, a field of another version) fails the test.

/// <summary>A custom resource: its metadata as Kubernetes types it, its spec as the operator's.</summary>
public abstract class CustomResource<TSpec> : IKubernetesObject<V1ObjectMeta>
{
    public string ApiVersion { get; set; } = "";
    public string Kind { get; set; } = "";
    public V1ObjectMeta Metadata { get; set; } = new();
    public TSpec Spec { get; set; } = default!;
}

public sealed class Reference { public string Name { get; set; } = ""; }

/// <summary>CloudNativePG, postgresql.cnpg.io/v1.</summary>
public sealed class CnpgCluster : CustomResource<CnpgCluster.ClusterSpec>
{
    public sealed class ClusterSpec
    {
        public int Instances { get; set; }
        public string? ImageName { get; set; }
        public string? PrimaryUpdateStrategy { get; set; }
        public bool? EnableSuperuserAccess { get; set; }
        public PostgresConfiguration? Postgresql { get; set; }
        public Bootstrap Bootstrap { get; set; } = new();
        public Managed? Managed { get; set; }
        public Storage Storage { get; set; } = new();
        public V1ResourceRequirements? Resources { get; set; }
        public Monitoring? Monitoring { get; set; }
    }

    public sealed class PostgresConfiguration { public Dictionary<string, string> Parameters { get; set; } = []; }
    public sealed class Bootstrap { public InitDb Initdb { get; set; } = new(); }
    public sealed class InitDb
    {
        public string Database { get; set; } = "";
        public string Owner { get; set; } = "";
        public Reference Secret { get; set; } = new();
    }
    public sealed class Managed { public List<Role> Roles { get; set; } = []; }
    public sealed class Role
    {
        public string Name { get; set; } = "";
        public string? Ensure { get; set; }
        public bool Login { get; set; }
        public Reference PasswordSecret { get; set; } = new();
    }
    public sealed class Storage { public string Size { get; set; } = ""; }
    public sealed class Monitoring { public bool EnablePodMonitor { get; set; } }
}

public sealed class CnpgDatabase : CustomResource<CnpgDatabase.DatabaseSpec>
{
    public sealed class DatabaseSpec
    {
        public Reference Cluster { get; set; } = new();
        public string Name { get; set; } = "";
        public string Owner { get; set; } = "";
    }
}

/// <summary>RabbitMQ Cluster Operator and Messaging Topology Operator, rabbitmq.com/v1beta1.</summary>
public sealed class RabbitmqCluster : CustomResource<RabbitmqCluster.ClusterSpec>
{
    public sealed class ClusterSpec
    {
        public int Replicas { get; set; }
        public string? Image { get; set; }
        public Persistence Persistence { get; set; } = new();
        public V1ResourceRequirements? Resources { get; set; }
        public Configuration? Rabbitmq { get; set; }
    }
    public sealed class Persistence { public string Storage { get; set; } = ""; }
    public sealed class Configuration { public string? AdditionalConfig { get; set; } }
}

public sealed class RabbitmqVhost : CustomResource<RabbitmqVhost.VhostSpec>
{
    public sealed class VhostSpec
    {
        public string Name { get; set; } = "";
        public Reference RabbitmqClusterReference { get; set; } = new();
    }
}

public sealed class RabbitmqUser : CustomResource<RabbitmqUser.UserSpec>
{
    public sealed class UserSpec
    {
        public List<string> Tags { get; set; } = [];
        public Reference RabbitmqClusterReference { get; set; } = new();
        public Reference ImportCredentialsSecret { get; set; } = new();
    }
}

public sealed class RabbitmqPermission : CustomResource<RabbitmqPermission.PermissionSpec>
{
    public sealed class PermissionSpec
    {
        public string Vhost { get; set; } = "";
        public Reference UserReference { get; set; } = new();
        public Dictionary<string, string> Permissions { get; set; } = [];
        public Reference RabbitmqClusterReference { get; set; } = new();
    }
}

/// <summary>Prometheus Operator, monitoring.coreos.com/v1.</summary>
public sealed class ServiceMonitor : CustomResource<ServiceMonitor.MonitorSpec>
{
    public sealed class MonitorSpec
    {
        public V1LabelSelector Selector { get; set; } = new();
        public List<Endpoint> Endpoints { get; set; } = [];
    }
    public sealed class Endpoint
    {
        public string Port { get; set; } = "";
        public string? Interval { get; set; }
        public bool? HonorLabels { get; set; }
    }
}

public sealed class PrometheusRule : CustomResource<PrometheusRule.RuleSpec>
{
    public sealed class RuleSpec { public List<Group> Groups { get; set; } = []; }
    public sealed class Group
    {
        public string Name { get; set; } = "";
        public List<Rule> Rules { get; set; } = [];
    }
    public sealed class Rule
    {
        public string Alert { get; set; } = "";
        public string Expr { get; set; } = "";
        public string? For { get; set; }
        public Dictionary<string, string> Labels { get; set; } = [];
        public Dictionary<string, string> Annotations { get; set; } = [];
    }
}
