using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Xunit;
using static Kechuang.EndToEnd.Tests.RequestSchemas;

namespace Kechuang.EndToEnd.Tests;

/// <summary>
/// Every operation of the served <c>/openapi/v1.json</c> (new routes are covered by themselves),
/// sent hostile values built from its parameters and request-body schema through the gateway:
/// not one answer may be a 5xx.
/// </summary>
public sealed class HostileInputTests(SystemFixture system)
{
    private const int Workers = 8;
    private static readonly string Huge = new('x', 100_000);

    [Fact]
    public async Task Hostile_values_in_every_parameter_and_body_field_of_every_operation_are_never_answered_with_a_5xx()
    {
        var ct = TestContext.Current.CancellationToken;
        var partner = await system.Gateway.GetFromJsonAsync<JsonElement>("/openapi/v1.json", ct);
        var operations = await system.Gateway.GetFromJsonAsync<JsonElement>("/openapi/ops.json", ct);
        // Of the operator routes only the reads: replaying, rebuilding or deleting would disrupt
        // the end-to-end tests running beside this one on the same system.
        var cases = Cases(partner, _ => true).Concat(Cases(operations, method => method == "GET")).Where(Harmless).ToList();
        Assert.InRange(cases.Count, 1000, 6000);

        // One admin key per worker: each stays under its own rate limit, so the pass reaches the services.
        var clients = new List<HttpClient>();
        for (var i = 0; i < Workers; i++) clients.Add(await system.ClientAsync("admin", name: $"hostile input {i}"));
        var anonymous = system.Gateway;
        var failures = new ConcurrentBag<string>();
        var queue = new ConcurrentQueue<Case>(cases);
        await Task.WhenAll(clients.Select(client => Task.Run(async () =>
        {
            while (queue.TryDequeue(out var @case))
            {
                try
                {
                    var status = await SendAsync(@case.Anonymous ? anonymous : client, @case, ct);
                    if (status >= 500) failures.Add(@case.Describe(status));
                }
                catch (HttpRequestException e)
                {
                    // No answer at all (the connection dropped) is as much a failure as a 5xx, and names its request.
                    failures.Add($"{@case.Describe(0)}: {e.Message} {e.InnerException?.Message}");
                }
            }
        }, ct)));

        Assert.True(failures.IsEmpty, $"{failures.Count} of {cases.Count} hostile requests answered 5xx:\n" + string.Join("\n", failures.Order()));
    }

    private static async Task<int> SendAsync(HttpClient client, Case @case, CancellationToken ct)
    {
        using var response = await client.SendWaitingOutRateLimitAsync(() =>
        {
            var request = new HttpRequestMessage(new HttpMethod(@case.Method), @case.Path);
            if (@case.Body is not null)
            {
                request.Content = new ByteArrayContent(@case.Body);
                request.Content.Headers.TryAddWithoutValidation("Content-Type", @case.ContentType);
            }
            return request;
        }, ct);
        return (int)response.StatusCode;
    }

    // --- Building the cases from the document ---

    /// <summary>
    /// Wrong passwords count against the client address's sign-in budget, which every sign-in of the
    /// end-to-end tests shares (they all come from loopback): sign-in gets only the cases that fail
    /// before any password is checked.
    /// </summary>
    private static bool Harmless(Case @case) =>
        @case.Template != "/api/v1/auth/token"
        || !(@case.Name is "plain body" or "Content-Type quoted charset" or "Content-Type no media type"
             || @case.Name.EndsWith(": 100,000 characters", StringComparison.Ordinal)
             || @case.Name.EndsWith(": line breaks", StringComparison.Ordinal));

    private static IEnumerable<Case> Cases(JsonElement document, Func<string, bool> included)
    {
        foreach (var (op, operation) in Operations(document, included))
        {
            var content = Content(operation);
            // Bad ids and query values go with a plausible body, so that they reach the handler.
            var plain = content.ValueKind == JsonValueKind.Object && content.TryGetProperty("application/json", out var json)
                ? Encoding.UTF8.GetBytes(Plain(op, json.GetProperty("schema"), null, 0)?.ToJsonString() ?? "{}")
                : null;
            foreach (var @case in PathCases(op, plain)) yield return @case;
            foreach (var @case in QueryCases(op, plain)) yield return @case;
            if (content.ValueKind == JsonValueKind.Object)
                foreach (var @case in BodyCases(op, content, plain)) yield return @case;
        }
    }

    // --- Path parameters: bad ids and worse ---

    private static readonly (string Name, string Value)[] PathValues =
    [
        ("not a GUID", "not-a-guid"),
        ("random GUID", Guid.NewGuid().ToString()),
        ("empty GUID", Guid.Empty.ToString()),
        ("NUL", "a%00b"),
        ("lone surrogate as UTF-8", "%ED%A0%80"),
        ("invalid UTF-8", "%FF%FE"),
        ("encoded slash", "a%2F..%2F..%2Fb"),
        ("extreme integer", "99999999999999999999"),
        ("negative integer", "-2147483649"),
        ("2,000 characters", new string('x', 2000)),
    ];

    private static IEnumerable<Case> PathCases(Operation op, byte[]? plain)
    {
        foreach (var p in op.In("path"))
        {
            var name = p.GetProperty("name").GetString()!;
            foreach (var (label, value) in PathValues)
                yield return op.Case($"path {name}: {label}", path: op.Path(name, value), body: plain);
            yield return op.Case($"path {name}: not a GUID", path: op.Path(name, "not-a-guid"), body: plain, anonymous: true);
        }
    }

    // --- Query parameters ---

    private static readonly (string Name, string Value)[] QueryText =
    [
        ("empty", ""),
        ("NUL", "a%00b"),
        ("control characters", "%01%1B%7F"),
        ("lone surrogate as UTF-8", "%ED%A0%80"),
        ("invalid UTF-8", "%FF"),
        ("4,000 characters", new string('x', 4000)),
        ("SQL and LIKE", "%25_%27%22%3B--%5C"),
    ];

    private static readonly (string Name, string Value)[] QueryNumbers =
    [
        ("int.MaxValue", "2147483647"),
        ("past int", "2147483648"),
        ("int.MinValue", "-2147483648"),
        ("past long", "99999999999999999999"),
        ("not a number", "abc"),
        ("fraction", "1.5"),
    ];

    private static readonly (string Name, string Value)[] QueryDates =
    [
        ("year 0001", "0001-01-01T00:00:00Z"),
        ("year 9999", "9999-12-31T23:59:59Z"),
        ("not a date", "31/12/2026"),
    ];

    private static IEnumerable<Case> QueryCases(Operation op, byte[]? plain)
    {
        var query = op.In("query").ToList();
        foreach (var p in query)
        {
            var name = p.GetProperty("name").GetString()!;
            var schema = op.Resolve(p.GetProperty("schema"));
            var values = QueryText.AsEnumerable();
            if (TypeOf(schema) is "integer" or "number") values = values.Concat(QueryNumbers);
            if (FormatOf(schema) is "date-time" or "date") values = values.Concat(QueryDates);
            if (FormatOf(schema) == "uuid") values = values.Append(("not a GUID", "not-a-guid"));
            foreach (var (label, value) in values)
                yield return op.Case($"query {name}: {label}", query: $"{name}={value}", body: plain);
            yield return op.Case($"query {name}: twice", query: $"{name}=a&{name}=b", body: plain);
        }
        if (query.Count > 0)
        {
            var first = query[0].GetProperty("name").GetString()!;
            yield return op.Case($"query {first}: 100,000 characters", query: $"{first}={Huge}");
            yield return op.Case($"query {first}: NUL", query: $"{first}=%00", anonymous: true);
        }
        if (query.Any(p => p.GetProperty("name").GetString() == "page"))
        {
            yield return op.Case("page=2147483647", query: "page=2147483647&pageSize=50");
            yield return op.Case("page=-2147483648", query: "page=-2147483648&pageSize=2147483647");
        }
        yield return op.Case("control character in a query name", query: "a%00=1");
    }

    // --- Request bodies ---

    private static IEnumerable<Case> BodyCases(Operation op, JsonElement content, byte[]? plain)
    {
        if (!content.TryGetProperty("application/json", out var json))
        {
            // Uploads and other media: the declared type with junk, and JSON where it is not expected.
            foreach (var type in content.EnumerateObject().Select(t => t.Name))
            {
                yield return op.Case($"{type}: junk bytes", body: [0, 0xFF, 0xFE, 0x25, 0x50], contentType: type);
                yield return op.Case($"{type}: empty", body: [], contentType: type);
            }
            yield return op.Case("JSON where a file is expected", body: "{}"u8.ToArray(), contentType: "application/json");
            yield break;
        }
        var schema = op.Resolve(json.GetProperty("schema"));

        foreach (var (label, type) in new[]
                 {
                     ("quoted charset", "application/json; charset=\"utf-8\""),
                     ("empty charset", "application/json; charset="),
                     ("latin1 charset", "application/json; charset=latin1"),
                     ("charset with junk", "application/json; charset=\"utf-8"),
                     ("text/plain", "text/plain"),
                     ("no media type", "; charset=utf-8"),
                 })
            yield return op.Case($"Content-Type {label}", body: plain, contentType: type);
        foreach (var (label, text) in new[]
                 {
                     ("malformed JSON", "{\"a\":"),
                     ("truncated string", "{\"a\":\"b"),
                     ("empty body", ""),
                     ("JSON null", "null"),
                     ("JSON array", "[]"),
                     ("JSON string", "\"x\""),
                     ("JSON number", "1e400"),
                     ("40-deep objects", string.Concat(Enumerable.Repeat("{\"a\":", 40)) + "1" + new string('}', 40)),
                     ("40-deep arrays", new string('[', 40) + new string(']', 40)),
                     ("trailing garbage", "{} x"),
                     ("comment", "/* */ {}"),
                     ("duplicate property", "{\"a\":1,\"a\":2}"),
                 })
            yield return op.Case(label, body: Encoding.UTF8.GetBytes(text), contentType: "application/json");
        yield return op.Case("invalid UTF-8 in a property name",
            body: [.. "{\""u8, 0xC3, 0x28, .. "\":1}"u8], contentType: "application/json");
        yield return op.Case("malformed JSON, quoted charset", body: "{"u8.ToArray(), contentType: "application/json; charset=\"utf-8\"", anonymous: true);
        yield return op.Case("plain body", body: plain, contentType: "application/json", anonymous: true);

        foreach (var (field, fieldSchema) in Fields(op, schema, "", 0))
        {
            foreach (var (label, fragment) in HostileValues(op, fieldSchema))
                yield return op.Case($"{field}: {label}", body: WithField(op, schema, field, fragment), contentType: "application/json");
        }
    }

    /// <summary>Raw JSON (as bytes, so invalid UTF-8 and lone surrogates can be written) for one field.</summary>
    private static IEnumerable<(string Name, byte[] Json)> HostileValues(Operation op, JsonElement schema)
    {
        static (string, byte[]) Text(string name, string json) => (name, Encoding.UTF8.GetBytes(json));
        yield return Text("null", "null");
        switch (TypeOf(schema))
        {
            case "string" when FormatOf(schema) is "date-time" or "date":
                yield return Text("year 0001", "\"0001-01-01T00:00:00Z\"");
                yield return Text("year 9999", "\"9999-12-31T23:59:59Z\"");
                yield return Text("9999-12-31T20:00Z", "\"9999-12-31T20:00:00Z\"");
                yield return Text("year 0001 east of UTC", "\"0001-01-01T00:00:00+08:00\"");
                yield return Text("not a date", "\"2026-13-45\"");
                yield return Text("empty", "\"\"");
                yield return Text("a number", "20260601");
                break;
            case "string" when FormatOf(schema) == "uuid":
                yield return Text("not a GUID", "\"not-a-guid\"");
                yield return Text("random GUID", $"\"{Guid.NewGuid()}\"");
                yield return Text("empty GUID", $"\"{Guid.Empty}\"");
                yield return Text("NUL", "\"\\u0000\"");
                yield return Text("a number", "1");
                break;
            case "string":
                yield return Text("empty", "\"\"");
                yield return Text("100,000 characters", $"\"{Huge}\"");
                yield return Text("NUL", "\"a\\u0000b\"");
                yield return Text("control characters", "\"a\\u0001\\u001b\\u007f\\u0085b\"");
                yield return Text("line breaks", "\"a\\r\\nb\"");
                yield return Text("lone surrogate", "\"a\\ud800b\"");
                yield return ("invalid UTF-8", [.. "\"a"u8, 0xC3, 0x28, .. "b\""u8]);
                yield return Text("a number", "12345");
                yield return Text("an object", "{\"a\":1}");
                break;
            case "integer" or "number":
                yield return Text("past int", "2147483648");
                yield return Text("long.MinValue", "-9223372036854775808");
                yield return Text("past long", "99999999999999999999");
                yield return Text("1e308", "1e308");
                yield return Text("negative", "-1");
                yield return Text("fraction", "1.5");
                yield return Text("a string", "\"abc\"");
                break;
            case "boolean":
                yield return Text("a string", "\"yes\"");
                yield return Text("a number", "1");
                break;
            case "array":
                var item = schema.TryGetProperty("items", out var items) ? Plain(op, items, null, 0)?.ToJsonString() ?? "null" : "null";
                yield return Text("5,000 items", "[" + string.Join(",", Enumerable.Repeat(item, 5000)) + "]");
                yield return Text("1,000 items", "[" + string.Join(",", Enumerable.Repeat(item, 1000)) + "]");
                yield return Text("empty", "[]");
                yield return Text("an item with NUL", "[\"\\u0000\"]");
                yield return Text("a null item", "[null]");
                yield return Text("a string", "\"a\"");
                break;
            case "object":
                yield return Text("a string", "\"a\"");
                yield return Text("an array", "[]");
                yield return Text("empty", "{}");
                break;
        }
    }
}
