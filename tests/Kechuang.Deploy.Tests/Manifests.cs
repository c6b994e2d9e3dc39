using k8s.Models;

namespace Kechuang.Deploy.Tests;

/// <summary>What the checks read from a rendered overlay: workloads, their environment, selectors.</summary>
internal static class Manifests
{
    public static V1Container Container(this V1Deployment deployment) =>
        deployment.Spec.Template.Spec.Containers.Single(c => c.Name == deployment.Metadata.Name);

    /// <summary>Every variable a container gets: its own env and the keys of the ConfigMaps it takes whole.</summary>
    public static IReadOnlyDictionary<string, string?> Environment(this Rendered rendered, V1Deployment deployment)
    {
        var container = deployment.Container();
        var variables = new Dictionary<string, string?>();
        foreach (var source in container.EnvFrom ?? [])
        {
            var map = rendered.Named<V1ConfigMap>(source.ConfigMapRef?.Name
                ?? throw new Xunit.Sdk.XunitException($"{deployment.Metadata.Name}: envFrom other than a ConfigMap"));
            foreach (var (key, value) in map.Data) variables[key] = value;
        }
        foreach (var variable in container.Env ?? []) variables[variable.Name] = variable.Value;
        return variables;
    }

    public static bool Matches(this V1LabelSelector? selector, IDictionary<string, string> labels)
    {
        if (selector is null) return false;
        foreach (var (key, value) in selector.MatchLabels ?? new Dictionary<string, string>())
            if (!labels.TryGetValue(key, out var actual) || actual != value) return false;
        foreach (var expression in selector.MatchExpressions ?? [])
        {
            var has = labels.TryGetValue(expression.Key, out var actual);
            var ok = expression.OperatorProperty switch
            {
                "In" => has && expression.Values.Contains(actual),
                "NotIn" => !has || !expression.Values.Contains(actual),
                "Exists" => has,
                "DoesNotExist" => !has,
                _ => throw new Xunit.Sdk.XunitException($"unknown selector operator {expression.OperatorProperty}"),
            };
            if (!ok) return false;
        }
        return true;
    }

    /// <summary>
    /// Who may open a connection to a pod with these labels: the pods of this namespace (by their
    /// labels) and the namespaces outside it, as the NetworkPolicies that select it allow.
    /// <c>null</c> when no policy isolates the pod (then anyone may).
    /// </summary>
    public static Reach? Reachers(this Rendered rendered, IDictionary<string, string> target, IEnumerable<(string Name, IDictionary<string, string> Labels)> pods)
    {
        var policies = rendered.All<V1NetworkPolicy>()
            .Where(p => p.Spec.PolicyTypes?.Contains("Ingress") == true && p.Spec.PodSelector.Matches(target))
            .ToList();
        if (policies.Count == 0) return null;
        var podNames = new SortedSet<string>();
        var namespaces = new SortedSet<string>();
        var anyone = false;
        foreach (var rule in policies.SelectMany(p => p.Spec.Ingress ?? []))
        {
            if (rule.FromProperty is not { Count: > 0 } peers) { anyone = true; continue; }
            foreach (var peer in peers)
            {
                if (peer.IpBlock is not null) anyone = true;
                else if (peer.NamespaceSelector is { } ns)
                    namespaces.Add(ns.MatchLabels?.TryGetValue("kubernetes.io/metadata.name", out var name) == true ? name : "*");
                else
                    foreach (var pod in pods.Where(p => peer.PodSelector.Matches(p.Labels))) podNames.Add(pod.Name);
            }
        }
        return new Reach(podNames, namespaces, anyone);
    }

    public sealed record Reach(IReadOnlySet<string> Pods, IReadOnlySet<string> Namespaces, bool Anyone);
}
