using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace Kechuang.EndToEnd.Tests;

/// <summary>The served documents, as a partner's generator reads them, from the running services.</summary>
public sealed class OpenApiDocumentTests(SystemFixture system)
{
    private static IEnumerable<(string Path, string Method, JsonElement Operation)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(m => (p.Name, m.Name, m.Value)));

    [Fact]
    public async Task Every_partner_operation_has_a_unique_id_a_summary_an_area_and_its_problem_answers()
    {
        var document = await system.Gateway.GetFromJsonAsync<JsonElement>("/openapi/v1.json", TestContext.Current.CancellationToken);
        var operations = Operations(document).ToList();
        var areas = document.GetProperty("tags").EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToHashSet();

        Assert.True(operations.Count > 100, $"{operations.Count} operations");
        Assert.DoesNotContain(operations, o => o.Path.StartsWith("/api/v1/ops/", StringComparison.Ordinal));
        var ids = operations.Select(o => o.Operation.GetProperty("operationId").GetString()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        foreach (var (path, method, operation) in operations)
        {
            var name = $"{method.ToUpperInvariant()} {path}";
            Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("summary").GetString()), name);
            Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("description").GetString()), name);
            Assert.Contains(operation.GetProperty("tags")[0].GetString(), areas);
            var responses = operation.GetProperty("responses");
            Assert.True(responses.TryGetProperty("429", out _), name);
            var isPublic = operation.TryGetProperty("security", out var security) && security.GetArrayLength() == 0;
            // Sign-in is public but refuses a wrong password with 401.
            Assert.Equal(!isPublic || path == "/api/v1/auth/token", responses.TryGetProperty("401", out _));
        }
        var publicRoutes = operations.Where(o => o.Operation.TryGetProperty("security", out var s) && s.GetArrayLength() == 0)
            .Select(o => $"{o.Method} {o.Path}").Order().ToList();
        Assert.Equal(["get /api/v1/certificates/{code}", "get /api/v1/pilots", "get /api/v1/pilots/{id}", "post /api/v1/auth/token"], publicRoutes);
    }

    [Fact]
    public async Task Every_paged_list_declares_page_and_pageSize_and_the_filters_the_service_reads()
    {
        var document = await system.Gateway.GetFromJsonAsync<JsonElement>("/openapi/v1.json", TestContext.Current.CancellationToken);
        string[] Parameters(string path) => document.GetProperty("paths").GetProperty(path).GetProperty("get")
            .GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()!).ToArray();

        foreach (var list in new[] { "/api/v1/calls", "/api/v1/applications", "/api/v1/experts", "/api/v1/resources", "/api/v1/courses", "/api/v1/campaigns", "/api/v1/pilots" })
            Assert.Contains("pageSize", Parameters(list));
        Assert.Subset(Parameters("/api/v1/applications").ToHashSet(), new HashSet<string> { "callId", "kind", "province", "status", "q" });
        Assert.Subset(Parameters("/api/v1/pilots").ToHashSet(), new HashSet<string> { "kind", "province", "year" });
        Assert.Subset(Parameters("/api/v1/resources").ToHashSet(), new HashSet<string> { "q", "topic", "grade" });
    }

    [Fact]
    public async Task The_operator_routes_have_a_document_of_their_own()
    {
        var response = await system.Gateway.GetAsync("/openapi/ops.json", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var paths = Operations(document).Select(o => o.Path).Distinct().ToList();

        Assert.All(paths, p => Assert.StartsWith("/api/v1/ops/", p));
        foreach (var service in new[] { "gateway", "applications", "resources", "experts", "training", "outreach" })
            Assert.Contains($"/api/v1/ops/{service}/errors/{{queue}}/replay", paths);
    }

    [Theory]
    [InlineData("/openapi/v1.json")]
    [InlineData("/openapi/ops.json")]
    public Task The_served_document_lints_with_no_error_and_no_warning_under_Redocly_recommended(string route) =>
        LintsCleanAsync(route, "redocly",
            file => ["lint", file, "--config", Path.Combine(LintTools, "redocly.yaml"), "--format", "json"],
            report => report.GetProperty("problems").EnumerateArray()
                .Select(p => $"{p.GetProperty("severity").GetString()} {p.GetProperty("ruleId").GetString()}: {p.GetProperty("message").GetString()}"),
            new() { ["REDOCLY_TELEMETRY"] = "off", ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true" });

    [Theory]
    [InlineData("/openapi/v1.json")]
    [InlineData("/openapi/ops.json")]
    public Task The_served_document_lints_with_no_error_and_no_warning_under_Spectral_and_OWASP(string route) =>
        LintsCleanAsync(route, "spectral",
            file => ["lint", file, "-r", Path.Combine(LintTools, ".spectral.yaml"), "-f", "json", "-q"],
            report => report.EnumerateArray()
                .Select(p => $"{p.GetProperty("severity").GetInt32()} {p.GetProperty("code").GetString()} at {string.Join('.', p.GetProperty("path").EnumerateArray())}: {p.GetProperty("message").GetString()}"));

    private static string LintTools => Path.Combine(RepositoryRoot(), "tools", "lint");

    /// <summary>
    /// Runs one of <c>tools/lint</c>'s linters over the document the gateway serves at
    /// <paramref name="route"/>: its JSON report must list no problem, and it must exit 0.
    /// </summary>
    private async Task LintsCleanAsync(string route, string linter, Func<string, string[]> arguments,
        Func<JsonElement, IEnumerable<string>> problemsIn, Dictionary<string, string?>? environment = null)
    {
        var ct = TestContext.Current.CancellationToken;
        var tool = Path.Combine(LintTools, "node_modules", ".bin", linter);
        Assert.True(File.Exists(tool), $"{tool} is missing: ./kechuang test installs it (npm ci --prefix tools/lint)");
        var file = Path.Combine(Path.GetTempPath(), $"kechuang-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, await system.Gateway.GetStringAsync(route, ct), ct);
        try
        {
            var start = new ProcessStartInfo(tool, arguments(file)) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var (name, value) in environment ?? []) start.Environment[name] = value;
            using var lint = Process.Start(start)!;
            var output = lint.StandardOutput.ReadToEndAsync(ct);
            var errors = lint.StandardError.ReadToEndAsync(ct);
            await lint.WaitForExitAsync(ct);
            var problems = problemsIn(JsonDocument.Parse(await output).RootElement).ToList();
            Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)) + await errors);
            Assert.Equal(0, lint.ExitCode);
        }
        finally
        {
            File.Delete(file);
        }
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Kechuang.sln"))) return dir.FullName;
        throw new InvalidOperationException("Kechuang.sln not found above " + AppContext.BaseDirectory);
    }
}
