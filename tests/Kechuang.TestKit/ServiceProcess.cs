using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Security;

namespace Kechuang.TestKit;

/// <summary>
/// One replica of a service as a real process (<c>dotnet &lt;service&gt;.dll</c>, built beside its
/// project), on the database and vhost it is given, with the configuration in-process test hosts
/// get (<see cref="ServiceFactory{TEntryPoint}"/>): for what only a process can show, such as a
/// replica killed without a word (<see cref="Kill"/>).
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _output = new();
    private readonly InternalIdentity _identity = new(ServiceFactory<object>.SigningKey);

    private ServiceProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>The last lines it wrote, for a failure's message.</summary>
    public string Output
    {
        get
        {
            lock (_output) return string.Join('\n', _output);
        }
    }

    /// <summary>Starts <paramref name="project"/> (as in <c>services/&lt;project&gt;</c>) and waits until it is ready.</summary>
    public static async Task<ServiceProcess> StartAsync(string service, string project, string database, Uri vhost,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [AssemblyOf(project)])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            [$"ConnectionStrings__{service}-db"] = database,
            ["ConnectionStrings__rabbitmq"] = vhost.ToString(),
            [InternalIdentity.ConfigurationKey.Replace(":", "__", StringComparison.Ordinal)] = ServiceFactory<object>.SigningKey,
            ["Kechuang__Messaging__RetryLimit"] = "2",
            ["Kechuang__Messaging__RetryMinMs"] = "50",
            ["Kechuang__Messaging__RetryMaxMs"] = "200",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        foreach (var (key, value) in environment) start.Environment[key] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException($"dotnet {start.ArgumentList[0]} did not start");
        var replica = new ServiceProcess(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => replica.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => replica.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = replica.Address, Timeout = TimeSpan.FromSeconds(5) };
        await Eventually.True(async () =>
        {
            if (process.HasExited) throw new InvalidOperationException($"{project} exited with {process.ExitCode}:\n{replica.Output}");
            return (await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(90), $"{project} (pid {process.Id}) is ready");
        return replica;
    }

    /// <summary>A client calling it as <paramref name="actor"/>, after the gateway vouched for them.</summary>
    public HttpClient ClientFor(Actor actor)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Bearer", _identity.Issue(actor, TimeProvider.System, TimeSpan.FromHours(2)));
        return client;
    }

    /// <summary>SIGKILL: no shutdown, no lock released by the process; the kernel closes its sockets.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            _output.Enqueue(line);
            while (_output.Count > 200) _output.Dequeue();
        }
    }

    private static string AssemblyOf(string project)
    {
        // The test's own output folder names the configuration and framework: bin/<Configuration>/<tfm>/.
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var root = output;
        while (!File.Exists(Path.Combine(root.FullName, "Kechuang.sln"))) root = root.Parent ?? throw new DirectoryNotFoundException("Kechuang.sln");
        var path = Path.Combine(root.FullName, "services", project, "bin", output.Parent!.Name, output.Name, $"Kechuang.{project}.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build services/{project} first", path);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
