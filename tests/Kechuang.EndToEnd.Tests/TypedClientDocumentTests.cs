using System.Diagnostics;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kechuang.TestKit;
using Xunit;

namespace Kechuang.EndToEnd.Tests;

/// <summary>
/// The typed client cannot drift from the system: <c>clients/openapi/v1.json</c> is the document
/// the gateway serves, and <c>clients/Kechuang.Client/Generated</c> is what Kiota makes of it.
/// Either fails with the one command that brings them back: <c>clients/regenerate.sh</c>.
/// </summary>
public sealed class TypedClientDocumentTests(SystemFixture system)
{
    /// <summary>Set to 1 by <c>clients/regenerate.sh</c>: write the served document instead of comparing.</summary>
    private const string WriteVariable = "KECHUANG_WRITE_CLIENT_DOCUMENT";

    private static readonly JsonSerializerOptions Readable = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Clients => Path.Combine(OpenApiDocumentTests.RepositoryRoot(), "clients");

    /// <summary>
    /// The document's full-URI links name the origin it was served on; the test host's port changes
    /// every run, so the checked-in copy names the gateway's development origin instead.
    /// </summary>
    private const string CheckedInOrigin = "http://localhost:5080";

    [Fact]
    public async Task The_checked_in_document_is_the_one_the_gateway_serves()
    {
        // A service that did not answer in time leaves a partial document, marked and soon rebuilt.
        var served = await Eventually.Until(
            async () => JsonNode.Parse((await system.Gateway.GetStringAsync("/openapi/v1.json"))
                .Replace(system.Gateway.BaseAddress!.GetLeftPart(UriPartial.Authority), CheckedInOrigin, StringComparison.Ordinal))!,
            d => d["x-kechuang-unavailable"] is null, TimeSpan.FromMinutes(2), "every service's document is merged");
        var file = Path.Combine(Clients, "openapi", "v1.json");
        if (Environment.GetEnvironmentVariable(WriteVariable) == "1")
        {
            await File.WriteAllTextAsync(file, served.ToJsonString(Readable) + "\n");
            return;
        }

        var checkedIn = JsonNode.Parse(await File.ReadAllTextAsync(file));
        var difference = FirstDifference(checkedIn, served, "#");
        Assert.True(difference is null,
            $"The served /openapi/v1.json differs from clients/openapi/v1.json at {difference}: run clients/regenerate.sh");
    }

    [Fact]
    public async Task The_checked_in_client_is_what_Kiota_generates_from_the_checked_in_document()
    {
        var output = Path.Combine(Path.GetTempPath(), $"kechuang-client-{Guid.NewGuid():N}");
        try
        {
            var start = new ProcessStartInfo("bash", [Path.Combine(Clients, "regenerate.sh"), "client", output])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var kiota = Process.Start(start)!;
            var said = kiota.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var errors = kiota.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await kiota.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.True(kiota.ExitCode == 0, $"Kiota exited with {kiota.ExitCode}: {await said}{await errors}");

            var generated = Path.Combine(Clients, "Kechuang.Client", "Generated");
            var expected = Files(output);
            var actual = Files(generated);
            var missing = expected.Keys.Except(actual.Keys).Order().ToList();
            var extra = actual.Keys.Except(expected.Keys).Order().ToList();
            var changed = expected.Keys.Intersect(actual.Keys).Where(f => expected[f] != actual[f]).Order().ToList();
            Assert.True(missing.Count + extra.Count + changed.Count == 0,
                $"clients/Kechuang.Client/Generated is not Kiota's output of clients/openapi/v1.json " +
                $"(missing {string.Join(", ", missing.Take(5))}; extra {string.Join(", ", extra.Take(5))}; " +
                $"changed {string.Join(", ", changed.Take(5))}): run clients/regenerate.sh");
        }
        finally
        {
            if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
        }
    }

    /// <summary>
    /// Each generated file by its path in the folder; Kiota's lock file (it names the folder it
    /// was generated from) and log (not checked in) are left out.
    /// </summary>
    private static Dictionary<string, string> Files(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) is not ("kiota-lock.json" or ".kiota.log"))
            .ToDictionary(f => Path.GetRelativePath(folder, f).Replace('\\', '/'), File.ReadAllText);

    /// <summary>The JSON pointer of the first place the two documents differ, or null.</summary>
    private static string? FirstDifference(JsonNode? expected, JsonNode? actual, string at)
    {
        switch (expected, actual)
        {
            case (JsonObject e, JsonObject a):
                foreach (var name in e.Select(p => p.Key).Union(a.Select(p => p.Key)))
                {
                    var here = $"{at}/{name.Replace("~", "~0").Replace("/", "~1")}";
                    if (!e.ContainsKey(name) || !a.ContainsKey(name)) return here;
                    if (FirstDifference(e[name], a[name], here) is { } inside) return inside;
                }
                return null;
            case (JsonArray e, JsonArray a):
                for (var i = 0; i < Math.Max(e.Count, a.Count); i++)
                {
                    if (i >= e.Count || i >= a.Count) return $"{at}/{i}";
                    if (FirstDifference(e[i], a[i], $"{at}/{i}") is { } inside) return inside;
                }
                return null;
            default:
                return JsonNode.DeepEquals(expected, actual) ? null : at;
        }
    }
}
