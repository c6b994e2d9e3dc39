using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Xunit;

namespace Kechuang.EndToEnd.Tests;

/// <summary>
/// Every JSON request body of the partner document has an example (services' and gateway's
/// <c>OpenApiExamples.cs</c>), and each example is one its service accepts: sent as it is through
/// the gateway with the admin key, none is refused as invalid input.
/// </summary>
public sealed class RequestExampleTests(SystemFixture system)
{
    /// <summary>
    /// What an example cannot know: the records its ids name (a call, a pilot, catalogue resources)
    /// exist only in a system that has them. Any other field error is the example's fault.
    /// </summary>
    private static readonly HashSet<string> MissingRecords =
        ["is not a call.", "is not a pilot.", "is not a resource of the catalogue.", "is not a package."];

    private static IEnumerable<(string Path, string Method, JsonElement Example)> Bodies(JsonElement document, List<string> missing)
    {
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                if (!operation.Value.TryGetProperty("requestBody", out var body)
                    || !body.GetProperty("content").TryGetProperty("application/json", out var media)) continue;
                if (media.TryGetProperty("example", out var example)) yield return (path.Name, operation.Name, example);
                else missing.Add($"{operation.Name.ToUpperInvariant()} {path.Name}");
            }
        }
    }

    [Fact]
    public async Task Every_json_request_body_of_the_partner_document_has_an_example_and_docs_answers()
    {
        var ct = TestContext.Current.CancellationToken;
        var document = await system.Gateway.GetFromJsonAsync<JsonElement>("/openapi/v1.json", ct);
        var missing = new List<string>();
        var bodies = Bodies(document, missing).ToList();

        Assert.Empty(missing);
        Assert.True(bodies.Count >= 44, $"{bodies.Count} bodies");
        Assert.Equal("北京市第一中学", bodies.Single(b => b is { Path: "/api/v1/applications", Method: "post" })
            .Example.GetProperty("applicant").GetProperty("name").GetString());

        var docs = await system.Gateway.GetStringAsync("/docs", ct);
        Assert.Contains("Kechuang API v1", docs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_example_is_accepted_by_its_services_validation()
    {
        var ct = TestContext.Current.CancellationToken;
        var document = await system.Gateway.GetFromJsonAsync<JsonElement>("/openapi/v1.json", ct);
        // A key of its own: the bootstrap key's rate limit is shared with the tests running beside this one.
        var admin = await system.ClientAsync("admin", name: "request examples");
        var refused = new List<string>();
        foreach (var (path, method, example) in Bodies(document, []))
        {
            // An id in the path names no record: the service validates the body first, then answers 404.
            var target = string.Join('/', path.Split('/').Select(s => s.StartsWith('{') ? Guid.NewGuid().ToString() : s));
            using var response = await SendAsync(admin, method, target, example, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            var name = $"{method.ToUpperInvariant()} {path}";
            Assert.True((int)response.StatusCode < 500 && response.StatusCode != HttpStatusCode.TooManyRequests, $"{name}: {(int)response.StatusCode} {text}");
            if (response.StatusCode == HttpStatusCode.BadRequest)
            {
                var problem = JsonDocument.Parse(text).RootElement;
                var errors = problem.TryGetProperty("errors", out var e) ? e.EnumerateObject()
                    .SelectMany(f => f.Value.EnumerateArray().Select(m => (Field: f.Name, Message: m.GetString()!))).ToList() : [];
                if (errors.Count == 0 || errors.Any(f => !MissingRecords.Contains(f.Message))) refused.Add($"{name}: {text}");
            }
            if (response.StatusCode == HttpStatusCode.Created && path == "/api/v1/webhooks")
                (await admin.DeleteAsync(response.Headers.Location, ct)).EnsureSuccessStatusCode();
        }
        Assert.Empty(refused);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string target, JsonElement example, CancellationToken ct) =>
        client.SendWaitingOutRateLimitAsync(() => new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), target)
        {
            Content = new StringContent(example.GetRawText(), Encoding.UTF8, "application/json"),
        }, ct);
}
