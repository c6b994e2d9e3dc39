using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kechuang.Gateway.Idempotency;

/// <summary>
/// Responses that carry a secret shown once (a new API key, a webhook's signing secret). The
/// endpoint names the secret's fields; <see cref="IdempotentPosts"/> then keeps the response
/// without them, so a replay never hands the secret out a second time: it answers the same status
/// and the other fields, with <c>Idempotent-Secret-Omitted</c> naming what was left out.
/// </summary>
public static class SecretResponses
{
    public const string OmittedHeader = "Idempotent-Secret-Omitted";
    private const string ItemKey = "kechuang.secret-fields";

    /// <summary>Marks this response's top-level JSON <paramref name="fields"/> as secrets.</summary>
    public static void Mark(HttpContext http, params string[] fields) => http.Items[ItemKey] = fields;

    public static IReadOnlyList<string> FieldsOf(HttpContext http) =>
        http.Items.TryGetValue(ItemKey, out var fields) && fields is string[] names ? names : [];

    /// <summary>The JSON body without the named top-level fields (a body that is not a JSON object is kept whole).</summary>
    public static byte[] Without(byte[] body, IReadOnlyList<string> fields)
    {
        if (fields.Count == 0 || body.Length == 0) return body;
        try
        {
            if (JsonNode.Parse(body) is not JsonObject json) return body;
            foreach (var field in fields) json.Remove(field);
            return JsonSerializer.SerializeToUtf8Bytes(json, Kechuang.BuildingBlocks.Http.Json.Options);
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
