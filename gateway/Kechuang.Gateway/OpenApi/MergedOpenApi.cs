using System.Text.Json;
using System.Text.Json.Nodes;
using Kechuang.Gateway.Routing;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.OpenApi;

namespace Kechuang.Gateway.OpenApi;

/// <summary>
/// One OpenAPI document for the whole <c>/api/v1</c> surface: the gateway's own endpoints plus
/// each service's document (fetched from <c>http://&lt;service&gt;/openapi/v1.json</c>), merged.
/// Schemas with the same name but different shapes are renamed <c>&lt;Service&gt;&lt;Name&gt;</c> and
/// their references rewritten. Cached for a minute; a service that does not answer is listed in
/// <c>x-kechuang-unavailable</c> and the document is retried sooner.
/// </summary>
public sealed class MergedOpenApi(
    IHttpClientFactory clients, [FromKeyedServices("v1")] IOpenApiDocumentProvider own, IMemoryCache cache, IHostEnvironment environment,
    ILogger<MergedOpenApi> logger)
{
    public const string ClientName = "openapi";
    private const string CacheKey = "merged-openapi";

    /// <summary>The partner document, <c>/openapi/v1.json</c>, its links on <paramref name="origin"/> (<c>https://host</c>).</summary>
    public async Task<string> GetAsync(string origin, CancellationToken ct) => WithOrigin((await GetBothAsync(ct)).Partner, origin);

    /// <summary>The operator routes, <c>/openapi/ops.json</c>.</summary>
    public async Task<string> GetOperatorsAsync(string origin, CancellationToken ct) => WithOrigin((await GetBothAsync(ct)).Operators, origin);

    /// <summary>
    /// The cached document is the same for every host; the links that must be full URIs get the
    /// request's own origin (JSON-escaped) here, so the cache holds one copy, not one per Host header.
    /// </summary>
    private static string WithOrigin(string json, string origin) =>
        json.Replace(PartnerDocument.Origin, JsonEncodedText.Encode(origin).ToString(), StringComparison.Ordinal);

    private async Task<(string Partner, string Operators)> GetBothAsync(CancellationToken ct)
    {
        if (cache.TryGetValue(CacheKey, out (string, string) cached)) return cached;
        var (merged, complete) = await BuildAsync(ct);
        var (partner, operators) = PartnerDocument.Split(merged, environment.EnvironmentName);
        var json = (partner.ToJsonString(), operators.ToJsonString());
        cache.Set(CacheKey, json, complete ? TimeSpan.FromMinutes(1) : TimeSpan.FromSeconds(5));
        return json;
    }

    private async Task<(JsonObject Merged, bool Complete)> BuildAsync(CancellationToken ct)
    {
        var merged = new JsonObject
        {
            ["openapi"] = "3.1.1",
            ["info"] = new JsonObject
            {
                ["title"] = "Kechuang partner API",
                ["version"] = "v1",
                ["description"] = "科创筑梦 — the public API v1 of the Kechuang platform. Authenticate with X-Api-Key (partners) or a bearer token from POST /api/v1/auth/token (staff).",
            },
            ["paths"] = new JsonObject(),
            ["components"] = new JsonObject
            {
                ["schemas"] = new JsonObject(),
                ["securitySchemes"] = new JsonObject
                {
                    ["ApiKey"] = new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = "X-Api-Key" },
                    ["Bearer"] = new JsonObject
                    {
                        ["type"] = "http", ["scheme"] = "bearer", ["bearerFormat"] = "JWT",
                        ["description"] = "A staff token from POST /api/v1/auth/token, a JWS following the JWT best current practices of RFC8725: "
                            + "the algorithm is fixed to HS256 (no `none`, no algorithm taken from the token), the issuer, the audience and "
                            + "the lifetime are validated, and each audience has its own signing key.",
                    },
                },
            },
            ["security"] = new JsonArray(new JsonObject { ["ApiKey"] = new JsonArray() }, new JsonObject { ["Bearer"] = new JsonArray() }),
        };

        var ownDocument = await own.GetOpenApiDocumentAsync(ct);
        Merge(merged, "Gateway", JsonNode.Parse(await ownDocument.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1, ct))!.AsObject());

        var unavailable = new JsonArray();
        foreach (var service in ServiceRoutes.Services)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                var json = await clients.CreateClient(ClientName).GetStringAsync($"http://{service}/openapi/v1.json", timeout.Token);
                Merge(merged, char.ToUpperInvariant(service[0]) + service[1..], JsonNode.Parse(json)!.AsObject());
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                logger.LogWarning(ex, "The OpenAPI document of {Service} is unavailable", service);
                unavailable.Add(service);
            }
        }
        if (unavailable.Count > 0) merged["x-kechuang-unavailable"] = unavailable;
        return (merged, unavailable.Count == 0);
    }

    private static void Merge(JsonObject merged, string service, JsonObject document)
    {
        var schemas = merged["components"]!["schemas"]!.AsObject();
        var renames = new Dictionary<string, string>();
        if (document["components"]?["schemas"] is JsonObject own)
        {
            foreach (var (name, schema) in own)
            {
                if (schemas[name] is { } existing && !JsonNode.DeepEquals(existing, schema)) renames[name] = service + name;
            }
        }
        if (renames.Count > 0) RewriteRefs(document, renames);

        if (document["components"]?["schemas"] is JsonObject sourceSchemas)
        {
            foreach (var (name, schema) in sourceSchemas.ToList())
                schemas[renames.GetValueOrDefault(name, name)] ??= schema!.DeepClone();
        }

        var paths = merged["paths"]!.AsObject();
        if (document["paths"] is JsonObject sourcePaths)
        {
            foreach (var (path, item) in sourcePaths)
            {
                if (!path.StartsWith("/api/v1", StringComparison.Ordinal)) continue;
                if (paths[path] is JsonObject existing)
                {
                    foreach (var (method, operation) in item!.AsObject()) existing[method] ??= operation!.DeepClone();
                }
                else
                {
                    paths[path] = item!.DeepClone();
                }
            }
        }
    }

    private static void RewriteRefs(JsonNode node, IReadOnlyDictionary<string, string> renames)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["$ref"] is JsonValue reference && reference.GetValue<string>() is { } target
                    && target.StartsWith("#/components/schemas/", StringComparison.Ordinal)
                    && renames.TryGetValue(target["#/components/schemas/".Length..], out var renamed))
                    obj["$ref"] = "#/components/schemas/" + renamed;
                foreach (var (_, child) in obj.ToList()) if (child is not null) RewriteRefs(child, renames);
                break;
            case JsonArray array:
                foreach (var child in array) if (child is not null) RewriteRefs(child, renames);
                break;
        }
    }
}
