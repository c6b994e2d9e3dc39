using System.Globalization;
using System.Text.Json.Nodes;
using Kechuang.BuildingBlocks.Http;
using Kechuang.Gateway.Feed;
using Kechuang.Gateway.Limits;

namespace Kechuang.Gateway.OpenApi;

/// <summary>
/// Writes the bounds the code enforces onto every schema that does not state its own, so a
/// partner (and the OWASP lint) sees the limits: a uuid is 36 characters, a date 10, a date-time
/// at most 64; a number sent as a string is as long as its range allows; any other string is at
/// most <see cref="InputGuard.JsonBodyLimit"/> characters, because every request body is (and a
/// stored string came in through one); an integer without a range has its format's range; an
/// array at most <see cref="InputGuard.MaxArrayItems"/> items, a page's <c>items</c> at most
/// <see cref="PageRequest.MaxSize"/>, the feed's at most <see cref="FeedEndpoints.MaxLimit"/>.
/// A path or query parameter's string is at most <see cref="RequestLineLimit"/> characters, the
/// request line Kestrel accepts, and a repeated query value at most half as many times. A file
/// body (a seal scan) is at most the gateway's upload limit, <see cref="RequestLimits.UploadBodyLimit"/>
/// bytes; a CSV export has no bound (a call's applications are not capped), so it states none and
/// the lint is told so by path. A bound a schema already has (a validator's limit, an enum) is kept.
/// </summary>
public static class DocumentLimits
{
    public const int DateTimeMaxLength = 64;

    /// <summary>The longest request target the gateway forwards (<see cref="RequestTargets"/>).</summary>
    public const int RequestLineLimit = RequestTargets.Limit;

    public static void Apply(JsonObject document)
    {
        foreach (var (name, schema) in document["components"]?["schemas"]?.AsObject() ?? [])
        {
            if (schema is not JsonObject obj) continue;
            if (obj["properties"]?["items"] is JsonObject items && IsArray(items))
                items["maxItems"] = name == nameof(FeedEndpoints.FeedPage) ? FeedEndpoints.MaxLimit : PageRequest.MaxSize;
        }
        foreach (var (_, item) in document["paths"]?.AsObject() ?? [])
        {
            foreach (var (_, operation) in item?.AsObject() ?? [])
            {
                if (operation?["parameters"] is not JsonArray parameters) continue;
                foreach (var schema in parameters.Select(p => p?["schema"]).OfType<JsonObject>())
                {
                    // A repeated query value takes at least its "=" and "&": no more fit the request line.
                    if (IsArray(schema)) schema["maxItems"] ??= RequestLineLimit / 2;
                    if (schema["items"] is JsonObject value) BoundSchema(value, RequestLineLimit);
                    BoundSchema(schema, RequestLineLimit);
                }
            }
        }
        Bound(document, inFiles: false);
    }

    private static void Bound(JsonNode node, bool inFiles)
    {
        switch (node)
        {
            case JsonObject obj:
                if (IsSchema(obj)) BoundSchema(obj, InputGuard.JsonBodyLimit);
                foreach (var (key, child) in obj)
                {
                    if (child is null) continue;
                    if (inFiles && !key.EndsWith("json", StringComparison.Ordinal))
                    {
                        // A file's schema: the bytes of an upload (or of a stored one) are within the upload limit.
                        if (key != "text/csv" && child is JsonObject { } media && media["schema"] is JsonObject file && Has(file, "string"))
                            file["maxLength"] ??= RequestLimits.UploadBodyLimit;
                        continue;
                    }
                    Bound(child, key == "content" && child is JsonObject types && types.All(t => t.Key.Contains('/')));
                }
                break;
            case JsonArray array:
                foreach (var child in array) if (child is not null) Bound(child, inFiles: false);
                break;
        }
    }

    private static bool IsSchema(JsonObject obj) => Has(obj, "string") || Has(obj, "integer") || Has(obj, "array");

    private static bool IsArray(JsonObject schema) => Has(schema, "array");

    private static bool Has(JsonObject obj, string type) => obj["type"] switch
    {
        JsonValue value => value.TryGetValue<string>(out var t) && t == type,
        JsonArray types => types.Any(t => t is JsonValue v && v.TryGetValue<string>(out var s) && s == type),
        _ => false,
    };

    private static void BoundSchema(JsonObject schema, long longestString)
    {
        var format = schema["format"]?.GetValue<string>();
        if (Has(schema, "string") && schema["maxLength"] is null && schema["enum"] is null && schema["const"] is null)
        {
            // ASP.NET Core writes a number as ["integer", "string"] with a digits pattern: the
            // string form is as long as the range's longest number.
            schema["maxLength"] = format switch
            {
                "uuid" => 36,
                "date" => 10,
                "date-time" => DateTimeMaxLength,
                "int32" when Has(schema, "integer") => int.MinValue.ToString(CultureInfo.InvariantCulture).Length,
                "int64" when Has(schema, "integer") => long.MinValue.ToString(CultureInfo.InvariantCulture).Length,
                _ => longestString,
            };
        }
        if (Has(schema, "integer"))
        {
            if (schema["minimum"] is null && schema["exclusiveMinimum"] is null)
                schema["minimum"] = format == "int64" ? JsonValue.Create(long.MinValue) : JsonValue.Create(int.MinValue);
            if (schema["maximum"] is null && schema["exclusiveMaximum"] is null)
                schema["maximum"] = format == "int64" ? JsonValue.Create(long.MaxValue) : JsonValue.Create(int.MaxValue);
        }
        if (IsArray(schema) && schema["maxItems"] is null) schema["maxItems"] = InputGuard.MaxArrayItems;
    }
}
