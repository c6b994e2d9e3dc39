using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kechuang.BuildingBlocks.Http;
using Xunit;
using static Kechuang.EndToEnd.Tests.RequestSchemas;

namespace Kechuang.EndToEnd.Tests;

/// <summary>
/// The limits the served <c>/openapi/v1.json</c> states on request bodies are the ones the
/// services enforce: every string's <c>maxLength</c>, every whole number's <c>minimum</c> and
/// <c>maximum</c> and every list's <c>maxItems</c> is sent at the bound (not refused for that
/// field) and one past it (a 400 <c>validation_failed</c> naming the field), through the gateway.
/// </summary>
public sealed class RequestLimitsTests(SystemFixture system)
{
    private const int Workers = 4;

    /// <summary>
    /// Sign-in and a password change are left out: a wrong password counts against the sign-in
    /// budget every end-to-end sign-in shares, and a password change is for a staff token only
    /// (the admin key is refused before its body is read). Their limits are the ones
    /// <c>/users</c> states, which is tried.
    /// </summary>
    private static bool Tried(Operation op) =>
        !op.Template.StartsWith("/api/v1/auth/", StringComparison.Ordinal) && !SameBodyAs.ContainsKey($"{op.Method} {op.Template}");

    /// <summary>
    /// Operations that find what they change before they validate the body (a random id is a 404
    /// first), each with the operation whose body has the same schema and is tried instead.
    /// </summary>
    private static readonly Dictionary<string, string> SameBodyAs = new(StringComparer.Ordinal)
    {
        ["PUT /api/v1/applications/{id}"] = "POST /api/v1/applications",
    };

    /// <summary>
    /// Request strings still at the body limit (<see cref="InputGuard.JsonBodyLimit"/>), the loose
    /// bound for a string no service limits, each with the reason it has none of its own.
    /// </summary>
    private static readonly Dictionary<string, string> Unbounded = new(StringComparer.Ordinal)
    {
        ["POST /api/v1/auth/token username"] = "the username pattern (3-50 characters) bounds it",
        ["POST /api/v1/auth/token password"] = "checked against the account's hash whatever its length; only a new password is held to 200",
        ["POST /api/v1/auth/password currentPassword"] = "checked against the account's hash whatever its length",
        ["POST /api/v1/users username"] = "the username pattern (3-50 characters) bounds it",
        ["POST /api/v1/applications applicant.phone"] = "the phone pattern bounds it",
        ["PUT /api/v1/applications/{id} applicant.phone"] = "the phone pattern bounds it",
        ["POST /api/v1/experts phone"] = "the phone pattern bounds it",
        ["POST /api/v1/courses/{id}/enrolments teacher.phone"] = "the phone pattern bounds it",
        ["POST /api/v1/certifications candidate.phone"] = "the phone pattern bounds it",
        ["POST /api/v1/resources url"] = "an absolute http(s) URL; the resources service does not limit its length",
        ["PUT /api/v1/resources/{id} url"] = "an absolute http(s) URL; the resources service does not limit its length",
    };

    private sealed record Probe(Case Case, string Field, bool Refused);

    [Fact]
    public async Task No_request_string_is_left_at_the_body_limit_but_those_listed_with_a_reason()
    {
        var document = await system.Gateway.GetFromJsonAsync<JsonElement>("/openapi/v1.json", TestContext.Current.CancellationToken);
        var loose = new List<string>();
        foreach (var (op, operation) in Operations(document, _ => true))
        {
            if (Content(operation) is not { ValueKind: JsonValueKind.Object } content || !content.TryGetProperty("application/json", out var json)) continue;
            foreach (var (field, schema) in Strings(op, op.Resolve(json.GetProperty("schema")), ""))
                if (schema.TryGetProperty("maxLength", out var max) && max.GetInt64() == InputGuard.JsonBodyLimit)
                    loose.Add($"{op.Method} {op.Template} {field}");
        }
        Assert.Equal(Unbounded.Keys.Order(StringComparer.Ordinal), loose.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Every_bound_a_request_schema_states_is_accepted_at_the_bound_and_refused_one_past_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var document = await system.Gateway.GetFromJsonAsync<JsonElement>("/openapi/v1.json", ct);
        foreach (var (skipped, tried) in SameBodyAs) Assert.Equal(BodySchema(document, tried), BodySchema(document, skipped));
        var probes = Probes(document).ToList();
        Assert.InRange(probes.Count, 150, 2000);

        var clients = new List<HttpClient>();
        for (var i = 0; i < Workers; i++) clients.Add(await system.ClientAsync("admin", name: $"request limits {i}"));
        var failures = new ConcurrentBag<string>();
        var queue = new ConcurrentQueue<Probe>(probes);
        await Task.WhenAll(clients.Select(client => Task.Run(async () =>
        {
            while (queue.TryDequeue(out var probe))
            {
                var (status, errors) = await SendAsync(client, probe.Case, ct);
                var named = errors?.ContainsKey(probe.Field) == true;
                if (probe.Refused && !(status == 400 && named))
                    failures.Add($"{probe.Case.Describe(status)}: expected a 400 naming {probe.Field}; errors: {Describe(errors)}");
                else if (!probe.Refused && (status >= 500 || named))
                    failures.Add($"{probe.Case.Describe(status)}: {probe.Field} refused at its bound: {Describe(errors)}");
            }
        }, ct)));

        Assert.True(failures.IsEmpty, $"{failures.Count} of {probes.Count} bounds not as the document states:\n" + string.Join("\n", failures.Order()));
    }

    private static string BodySchema(JsonElement document, string operation)
    {
        var (method, path) = (operation.Split(' ')[0].ToLowerInvariant(), operation.Split(' ')[1]);
        return document.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("requestBody")
            .GetProperty("content").GetProperty("application/json").GetProperty("schema").GetRawText();
    }

    private static string Describe(JsonObject? errors) => errors?.ToJsonString() ?? "none";

    /// <summary>The status, and the field errors when it is a <c>validation_failed</c> problem.</summary>
    private static async Task<(int Status, JsonObject? Errors)> SendAsync(HttpClient client, Case @case, CancellationToken ct)
    {
        using var response = await client.SendWaitingOutRateLimitAsync(() =>
        {
            var request = new HttpRequestMessage(new HttpMethod(@case.Method), @case.Path) { Content = new ByteArrayContent(@case.Body!) };
            request.Content.Headers.TryAddWithoutValidation("Content-Type", @case.ContentType);
            return request;
        }, ct);
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync(ct);
        var problem = status == 400 && text.StartsWith('{') ? JsonNode.Parse(text) as JsonObject : null;
        return (status, problem?["code"]?.GetValue<string>() == "validation_failed" ? problem["errors"] as JsonObject : null);
    }

    // --- The probes: each bound, at it and past it ---

    private static IEnumerable<Probe> Probes(JsonElement document)
    {
        foreach (var (op, operation) in Operations(document, _ => true))
        {
            if (!Tried(op) || Content(operation) is not { ValueKind: JsonValueKind.Object } content
                || !content.TryGetProperty("application/json", out var json)) continue;
            var body = op.Resolve(json.GetProperty("schema"));
            foreach (var (field, schema) in Fields(op, body, "", 0))
            {
                foreach (var (named, label, value, refused) in Bounds(op, field, schema))
                    yield return new Probe(op.Case($"{named}: {label}", body: WithField(op, body, field, Encoding.UTF8.GetBytes(value))), named, refused);
            }
        }
    }

    /// <summary>
    /// The field's stated bounds as (the field the errors name, label, raw JSON, refused) — the
    /// ones a service states, not the document's fallbacks. A list's strings are tried as its one
    /// item, <c>field[0]</c>.
    /// </summary>
    private static IEnumerable<(string Field, string Label, string Json, bool Refused)> Bounds(Operation op, string field, JsonElement schema)
    {
        switch (TypeOf(schema))
        {
            case "string" when TextLimit(schema) is { } max:
                var (at, past) = Texts(field, schema, max);
                yield return (field, $"{max} characters", JsonSerializer.Serialize(at), false);
                yield return (field, $"{max + 1} characters", JsonSerializer.Serialize(past), true);
                break;
            case "integer":
                if (Long(schema, "minimum") is { } min && min > int.MinValue)
                {
                    yield return (field, $"minimum {min}", Number(min), false);
                    yield return (field, $"below minimum {min}", Number(min - 1), true);
                }
                if (Long(schema, "maximum") is { } top && top < int.MaxValue)
                {
                    yield return (field, $"maximum {top}", Number(top), false);
                    yield return (field, $"above maximum {top}", Number(top + 1), true);
                }
                break;
            case "array":
                if (Long(schema, "maxItems") is { } count && count < InputGuard.MaxArrayItems)
                {
                    yield return (field, $"{count} items", Items(op, schema, count), false);
                    yield return (field, $"{count + 1} items", Items(op, schema, count + 1), true);
                }
                if (schema.TryGetProperty("items", out var items) && op.Resolve(items) is var item
                    && TypeOf(item) == "string" && TextLimit(item) is { } length)
                {
                    var (one, longer) = Texts(field, item, length);
                    yield return ($"{field}[0]", $"an item of {length} characters", $"[{JsonSerializer.Serialize(one)}]", false);
                    yield return ($"{field}[0]", $"an item of {length + 1} characters", $"[{JsonSerializer.Serialize(longer)}]", true);
                }
                break;
        }
    }

    /// <summary>A text's stated maxLength, unless it is a format's (a uuid, a date) or the body limit.</summary>
    private static int? TextLimit(JsonElement schema) =>
        FormatOf(schema) is null && Long(schema, "maxLength") is { } max && max < InputGuard.JsonBodyLimit ? (int)max : null;

    /// <summary>
    /// A text as long as the bound and one a character longer, each otherwise valid for the field:
    /// the longest word of a vocabulary (and it with a character more), an e-mail address, a URL.
    /// </summary>
    private static (string At, string Past) Texts(string field, JsonElement schema, int max)
    {
        if (WordsOf(schema) is { } words)
        {
            var longest = words.MaxBy(w => w.EnumerateRunes().Count())!;
            Assert.True(longest.EnumerateRunes().Count() == max, $"{field}: maxLength {max}, but its longest word is {longest}");
            return (longest, longest + "科");
        }
        var name = field.Split('.')[^1];
        var (prefix, suffix) = name switch
        {
            "email" => ("", "@example.cn"),
            "url" => ("https://example.cn/", ""),
            _ => ("", ""),
        };
        string Of(int length) => prefix + new string(name is "email" or "url" ? 'a' : '科', length - prefix.Length - suffix.Length) + suffix;
        return (Of(max), Of(max + 1));
    }

    /// <summary>
    /// A list of <paramref name="count"/> plausible items, each built afresh (distinct ids), the
    /// words of a vocabulary each once (a list as long as the vocabulary holds every word).
    /// </summary>
    private static string Items(Operation op, JsonElement schema, long count)
    {
        if (!schema.TryGetProperty("items", out var items)) return "[" + string.Join(",", Enumerable.Repeat("null", (int)count)) + "]";
        var words = WordsOf(op.Resolve(items));
        var array = new JsonArray();
        for (var i = 0; i < count; i++) array.Add(words is null ? Plain(op, items, null, 0) : JsonValue.Create(words[i % words.Count]));
        return array.ToJsonString();
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static long? Long(JsonElement schema, string keyword) =>
        schema.TryGetProperty(keyword, out var value) && value.TryGetInt64(out var n) ? n : null;

    /// <summary>Every string of a body, nested objects and the items of lists included, by its dotted name.</summary>
    private static IEnumerable<(string Field, JsonElement Schema)> Strings(Operation op, JsonElement schema, string field, int depth = 0)
    {
        schema = op.Resolve(schema);
        if (depth > 6) yield break;
        switch (TypeOf(schema))
        {
            case "string":
                yield return (field, schema);
                break;
            case "array" when schema.TryGetProperty("items", out var items):
                foreach (var inner in Strings(op, items, field + "[]", depth + 1)) yield return inner;
                break;
            case "object" when schema.TryGetProperty("properties", out var properties):
                foreach (var property in properties.EnumerateObject())
                    foreach (var inner in Strings(op, property.Value, field.Length == 0 ? property.Name : $"{field}.{property.Name}", depth + 1))
                        yield return inner;
                break;
        }
    }
}
