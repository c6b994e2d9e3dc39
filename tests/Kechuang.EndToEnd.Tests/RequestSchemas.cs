using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Kechuang.EndToEnd.Tests;

/// <summary>One request built from the served document, named for the failure message.</summary>
internal sealed record Case(string Method, string Template, string Name, string Path, byte[]? Body, string? ContentType, bool Anonymous = false)
{
    public string Describe(int status) => $"{Method} {Template} ({Name}{(Anonymous ? ", no key" : "")}) -> {status}";
}

/// <summary>One operation of the document, with its parameters and the document's component schemas.</summary>
internal sealed record Operation(string Method, string Template, List<JsonElement> Parameters, JsonElement Components)
{
    public IEnumerable<JsonElement> In(string place) =>
        Parameters.Where(p => p.GetProperty("in").GetString() == place);

    /// <summary>The path with every parameter a plausible value but <paramref name="hostile"/>'s.</summary>
    public string Path(string? name = null, string? hostile = null)
    {
        var path = Template;
        foreach (var p in In("path"))
        {
            var parameter = p.GetProperty("name").GetString()!;
            var value = parameter == name ? hostile! : Uri.EscapeDataString(RequestSchemas.PlainText(Resolve(p.GetProperty("schema"))));
            path = path.Replace("{" + parameter + "}", value, StringComparison.Ordinal);
        }
        return path;
    }

    public Case Case(string name, string? query = null, byte[]? body = null, string? contentType = null, string? path = null, bool anonymous = false) =>
        new(Method, Template, name, (path ?? Path()) + (query is null ? "" : "?" + query), body, contentType ?? (body is null ? null : "application/json"), anonymous);

    public JsonElement Resolve(JsonElement schema)
    {
        for (var i = 0; i < 10; i++)
        {
            if (schema.TryGetProperty("$ref", out var reference))
                schema = Components.GetProperty(reference.GetString()!.Split('/')[^1]);
            else if ((FirstOf(schema, "allOf") ?? FirstOf(schema, "oneOf") ?? FirstOf(schema, "anyOf")) is { } inner)
                schema = inner;
            else return schema;
        }
        return schema;
    }

    private static JsonElement? FirstOf(JsonElement schema, string combinator) =>
        schema.TryGetProperty(combinator, out var options)
            ? options.EnumerateArray().Cast<JsonElement?>().FirstOrDefault(o => RequestSchemas.TypeOf(o!.Value) != "null")
            : null;
}

/// <summary>
/// Reading the served document's operations and request-body schemas, and building plausible
/// bodies from them with one field replaced (<see cref="HostileInputTests"/>, <see cref="RequestLimitsTests"/>).
/// </summary>
internal static class RequestSchemas
{
    /// <summary>The value <see cref="Plain"/> writes at its target field, for <see cref="WithField"/> to replace.</summary>
    public const string Marker = "__hostile__";

    /// <summary>Every operation of the document whose method <paramref name="included"/> admits, with its JSON.</summary>
    public static IEnumerable<(Operation Op, JsonElement Json)> Operations(JsonElement document, Func<string, bool> included)
    {
        var components = document.TryGetProperty("components", out var c) && c.TryGetProperty("schemas", out var s) ? s : default;
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                if (operation.Name is "parameters" or "summary" or "description") continue;
                var method = operation.Name.ToUpperInvariant();
                if (!included(method)) continue;
                yield return (new Operation(method, path.Name, Parameters(path.Value, operation.Value), components), operation.Value);
            }
        }
    }

    /// <summary>The operation's request-body media types, or <c>default</c> when it takes no body.</summary>
    public static JsonElement Content(JsonElement operation) =>
        operation.TryGetProperty("requestBody", out var body) && body.TryGetProperty("content", out var declared) ? declared : default;

    private static List<JsonElement> Parameters(JsonElement pathItem, JsonElement operation)
    {
        var all = new List<JsonElement>();
        if (pathItem.TryGetProperty("parameters", out var shared)) all.AddRange(shared.EnumerateArray());
        if (operation.TryGetProperty("parameters", out var own)) all.AddRange(own.EnumerateArray());
        return all;
    }

    /// <summary>The first non-null type; .NET writes numbers as <c>["integer", "string"]</c>.</summary>
    public static string TypeOf(JsonElement schema)
    {
        if (!schema.TryGetProperty("type", out var type)) return schema.TryGetProperty("properties", out _) ? "object" : "any";
        if (type.ValueKind == JsonValueKind.String) return type.GetString()!;
        var types = type.EnumerateArray().Select(t => t.GetString()!).ToList();
        return types.FirstOrDefault(t => t != "null") ?? "null";
    }

    public static string? FormatOf(JsonElement schema) => schema.TryGetProperty("format", out var f) ? f.GetString() : null;

    /// <summary>
    /// The words of a vocabulary pattern, <c>^(?:北京市|天津市|…)$</c> (how the services state a
    /// field checked against a list), or null for any other pattern or none.
    /// </summary>
    public static IReadOnlyList<string>? WordsOf(JsonElement schema)
    {
        if (!schema.TryGetProperty("pattern", out var p) || p.GetString() is not { } pattern
            || !pattern.StartsWith("^(?:", StringComparison.Ordinal) || !pattern.EndsWith(")$", StringComparison.Ordinal))
            return null;
        return [.. Regex.Split(pattern[4..^2], @"(?<!\\)\|").Select(Regex.Unescape)];
    }

    /// <summary>A value the parameter plausibly takes, so one hostile value at a time is what is tried.</summary>
    public static string PlainText(JsonElement schema)
    {
        if (schema.TryGetProperty("enum", out var values) && values.EnumerateArray().FirstOrDefault(v => v.ValueKind == JsonValueKind.String) is { ValueKind: JsonValueKind.String } first)
            return first.GetString()!;
        if (WordsOf(schema) is [var word, ..]) return word;
        return (TypeOf(schema), FormatOf(schema)) switch
        {
            ("integer" or "number", _) => "1",
            ("boolean", _) => "true",
            (_, "uuid") => Guid.NewGuid().ToString(),
            (_, "date-time") => "2026-06-01T08:00:00Z",
            (_, "date") => "2026-06-01",
            _ => "a",
        };
    }

    /// <summary>Every field of the body down to two levels of nesting, by its dotted name.</summary>
    public static IEnumerable<(string Field, JsonElement Schema)> Fields(Operation op, JsonElement schema, string prefix, int depth)
    {
        if (depth > 1 || TypeOf(schema) != "object" || !schema.TryGetProperty("properties", out var properties)) yield break;
        foreach (var property in properties.EnumerateObject())
        {
            var name = prefix + property.Name;
            var resolved = op.Resolve(property.Value);
            yield return (name, resolved);
            foreach (var inner in Fields(op, resolved, name + ".", depth + 1)) yield return inner;
        }
    }

    /// <summary>A plausible body of <paramref name="schema"/> with <paramref name="json"/> (raw JSON bytes) at <paramref name="field"/>.</summary>
    public static byte[] WithField(Operation op, JsonElement schema, string field, ReadOnlySpan<byte> json)
    {
        var body = Encoding.UTF8.GetBytes(Plain(op, schema, field, 0)!.ToJsonString()).AsSpan();
        var marker = Encoding.UTF8.GetBytes($"\"{Marker}\"");
        var at = body.IndexOf(marker);
        return [.. body[..at], .. json, .. body[(at + marker.Length)..]];
    }

    /// <summary>A plausible value of the schema, with the marker at <paramref name="target"/> (a dotted field name).</summary>
    public static JsonNode? Plain(Operation op, JsonElement schema, string? target, int depth)
    {
        schema = op.Resolve(schema);
        if (target == "") return JsonValue.Create(Marker);
        if (depth > 6) return null;
        if (schema.TryGetProperty("enum", out var values) && values.GetArrayLength() > 0)
            return JsonNode.Parse(values.EnumerateArray().First(v => v.ValueKind != JsonValueKind.Null).GetRawText());
        if (WordsOf(schema) is [var word, ..]) return JsonValue.Create(word);
        switch (TypeOf(schema))
        {
            case "object":
                var node = new JsonObject();
                if (schema.TryGetProperty("properties", out var properties))
                    foreach (var property in properties.EnumerateObject())
                    {
                        string? inner = null;
                        if (target == property.Name) inner = "";
                        else if (target?.StartsWith(property.Name + ".", StringComparison.Ordinal) == true) inner = target[(property.Name.Length + 1)..];
                        node[property.Name] = Plain(op, property.Value, inner, depth + 1);
                    }
                return node;
            case "array":
                return schema.TryGetProperty("items", out var items) ? new JsonArray(Plain(op, items, null, depth + 1)) : new JsonArray();
            case "integer" or "number":
                return JsonValue.Create(schema.TryGetProperty("minimum", out var min) && min.TryGetInt64(out var m) ? Math.Max(m, 1) : 1);
            case "boolean":
                return JsonValue.Create(true);
            case "string":
                return JsonValue.Create(FormatOf(schema) switch
                {
                    "uuid" => Guid.NewGuid().ToString(),
                    "date-time" => "2026-06-01T08:00:00+08:00",
                    "date" => "2026-06-01",
                    "email" => "hostile@example.cn",
                    "uri" => "https://example.cn/",
                    _ => "科创测试",
                });
            default:
                return JsonValue.Create("科创测试");
        }
    }
}
