using System.Collections.Concurrent;
using System.Diagnostics;
using k8s;
using k8s.Models;

namespace Kechuang.Deploy.Tests;

/// <summary>
/// An overlay of deploy/ as <c>kubectl kustomize</c> renders it (Debian's kubernetes-client;
/// <c>./kechuang test</c> installs it), every object read strictly into its Kubernetes type.
/// </summary>
public sealed class Rendered
{
    public static readonly string[] Overlays = ["production", "small"];

    private static readonly ConcurrentDictionary<string, Lazy<Rendered>> Cache = new();

    /// <summary>The custom resources deploy/ uses, by apiVersion/kind; anything else must be a built-in type.</summary>
    public static readonly IReadOnlyDictionary<string, Type> CustomTypes = new Dictionary<string, Type>
    {
        ["postgresql.cnpg.io/v1/Cluster"] = typeof(CnpgCluster),
        ["postgresql.cnpg.io/v1/Database"] = typeof(CnpgDatabase),
        ["rabbitmq.com/v1beta1/RabbitmqCluster"] = typeof(RabbitmqCluster),
        ["rabbitmq.com/v1beta1/Vhost"] = typeof(RabbitmqVhost),
        ["rabbitmq.com/v1beta1/User"] = typeof(RabbitmqUser),
        ["rabbitmq.com/v1beta1/Permission"] = typeof(RabbitmqPermission),
        ["monitoring.coreos.com/v1/ServiceMonitor"] = typeof(ServiceMonitor),
        ["monitoring.coreos.com/v1/PrometheusRule"] = typeof(PrometheusRule),
    };

    public string Overlay { get; }
    public IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Objects { get; }

    private Rendered(string overlay, string yaml)
    {
        Overlay = overlay;
        Objects = KubernetesYaml.LoadAllFromString(yaml, new Dictionary<string, Type>(CustomTypes), strict: true)
            .Cast<IKubernetesObject<V1ObjectMeta>>().ToList();
    }

    public static Rendered Of(string overlay) =>
        Cache.GetOrAdd(overlay, o => new Lazy<Rendered>(() => new Rendered(o, Kustomize(Path.Combine(RepositoryRoot, "deploy", "overlays", o))))).Value;

    public IEnumerable<T> All<T>() => Objects.OfType<T>();

    public T Named<T>(string name) where T : IKubernetesObject<V1ObjectMeta> =>
        All<T>().SingleOrDefault(o => o.Metadata.Name == name)
        ?? throw new Xunit.Sdk.XunitException($"{Overlay}: no {typeof(T).Name} named {name}");

    public static string RepositoryRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Kechuang.sln"))) return dir.FullName;
        throw new InvalidOperationException("Kechuang.sln not found above the test's directory.");
    }

    public static string Kustomize(string directory)
    {
        var start = new ProcessStartInfo("kubectl", ["kustomize", directory])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start.");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException("No kubectl on PATH: ./kechuang test installs Debian's kubernetes-client (kube_up).");
        }
        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var yaml = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"kubectl kustomize {directory} failed: {stderr.Result}");
            return yaml;
        }
    }
}
