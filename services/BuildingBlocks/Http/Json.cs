using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace Kechuang.BuildingBlocks.Http;

/// <summary>
/// JSON as the API contract spells it: camelCase properties, enums as kebab-case strings
/// (<c>"pilot-unit"</c>), Chinese written as characters rather than <c>\uXXXX</c>. The event store
/// uses the same conventions, so what a projection stores reads like what the API returns.
/// </summary>
public static class Json
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
        if (!options.Converters.OfType<JsonStringEnumConverter>().Any())
            options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        return options;
    }

    /// <summary>A .NET name as the API names it: <c>ApplicationSubmitted</c> → <c>application-submitted</c>.</summary>
    public static string KebabCase(string name) => JsonNamingPolicy.KebabCaseLower.ConvertName(name);
}
