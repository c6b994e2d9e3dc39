using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Kechuang.BuildingBlocks.Http;
using Kechuang.Contracts.Applications;

namespace Kechuang.Gateway.OpenApi;

/// <summary>
/// Turns the merged document into what a partner's tools need: a stable <c>operationId</c> in the
/// contract's words on every operation, a summary and a description, tags by business area in
/// the programme's order, the security each operation really has (public routes marked public),
/// the problem answers every operation can give with their <c>code</c> values, the paging
/// parameters of every list, and <c>servers</c>. Operator routes (<c>/api/v1/ops/…</c>) go to a
/// document of their own.
/// </summary>
public static class PartnerDocument
{
    public const string OperatorPrefix = "/api/v1/ops/";
    private const string SignInPath = "/api/v1/auth/token";
    private const string Problem = "application/problem+json";

    /// <summary>Business areas in the order a partner meets them, each with what it covers.</summary>
    private static readonly (string Tag, string Description)[] Areas =
    [
        ("Calls", "申报通知: calls for pilot applications, with their windows and quotas."),
        ("Applications", "附件1/附件2: pilot unit and pilot city applications from draft to designation."),
        ("Pilots", "Designated pilots (public)."),
        ("Experience reports", "典型经验: typical experience reports of pilots."),
        ("Commendations", "Commendations of outstanding pilots."),
        ("Experts", "大手拉小手: the volunteer expert pool, vetting, availability, schedules and hours."),
        ("Visit requests", "Schools' requests for expert visits, from assignment to feedback."),
        ("Resources", "The science-education resource catalogue and its review."),
        ("Packages", "Packages of published resources, in editions."),
        ("Subscriptions", "Schools' subscriptions to new resources."),
        ("Deliveries", "Resources and packages delivered to schools, online and offline."),
        ("Case collections", "科创项目式学习优秀活动案例集: the year's published cases."),
        ("Training bases", "Teacher training bases."),
        ("Trainers", "Vetted experts who may teach courses."),
        ("Courses", "Teacher training courses and their sessions."),
        ("Enrolments", "Teachers' enrolments, waitlists, attendance and completion."),
        ("Tutor certification", "科技辅导员 certification: applications, assessments, decisions."),
        ("Certificates", "Certificate verification (public)."),
        ("Campaigns", "Outreach campaigns and their activities."),
        ("Stations", "Rural science stations."),
        ("Coverage", "Coverage of schools and rural areas by the programme's work."),
        ("Partners", "Webhooks and the change feed for partner systems."),
        ("Access", "API keys, staff accounts and sign-in."),
        ("Operations", "Operator tools: the event bridge, consumers, error queues, projections."),
    ];

    /// <summary>Verbs for the actions of the contract (<c>POST /{collection}/{id}/&lt;action&gt;</c>).</summary>
    private static readonly Dictionary<string, string> ActionVerbs = new(StringComparer.Ordinal)
    {
        ["submit"] = "submit", ["recommendation"] = "recommend", ["designation"] = "designate",
        ["vetting"] = "vet", ["review"] = "review", ["publish"] = "publish", ["feature"] = "feature",
        ["unfeature"] = "unfeature", ["archive"] = "archive", ["cancel"] = "cancel", ["cancellation"] = "cancel",
        ["assignment"] = "assign", ["acceptance"] = "respondTo", ["delivery"] = "deliver", ["feedback"] = "rate",
        ["attendance"] = "recordAttendanceOf", ["completion"] = "complete", ["decision"] = "decide",
        ["disable"] = "disable", ["enable"] = "enable", ["password"] = "resetPasswordOf", ["secret"] = "rotateSecretOf",
        ["rebuild"] = "rebuild", ["replay"] = "replay",
    };

    /// <summary>Where the rules above would not say it as the contract does.</summary>
    private static readonly Dictionary<string, string> Named = new(StringComparer.Ordinal)
    {
        ["post /api/v1/auth/token"] = "signIn",
        ["post /api/v1/auth/password"] = "changeOwnPassword",
        ["delete /api/v1/api-keys/{}"] = "revokeApiKey",
        ["get /api/v1/certificates/{}"] = "verifyCertificate",
        ["get /api/v1/applications/summary"] = "summarizeApplications",
        ["get /api/v1/applications/export"] = "exportApplications",
        ["put /api/v1/applications/{}/seal-scan"] = "uploadSealScan",
        ["get /api/v1/applications/{}/seal-scan"] = "downloadSealScan",
        ["put /api/v1/experts/{}/availability"] = "setExpertAvailability",
        ["post /api/v1/coverage/rebuild"] = "rebuildCoverage",
        ["get /api/v1/coverage"] = "getCoverage",
        ["get /api/v1/case-collections/{}"] = "getCaseCollection",
        ["get /api/v1/campaigns/{}/progress"] = "getCampaignProgress",
        ["post /api/v1/webhooks/{}/secret"] = "rotateWebhookSecret",
        ["post /api/v1/users/{}/password"] = "resetUserPassword",
        ["post /api/v1/enrolments/{}/attendance"] = "recordAttendance",
        ["post /api/v1/applications/{}/reviews"] = "reviewApplication",
        ["get /api/v1/experts/{}/hours"] = "getExpertHours",
        ["post /api/v1/courses/{}/enrolments"] = "enrolInCourse",
        ["post /api/v1/certifications/{}/assessments"] = "assessCertification",
        ["post /api/v1/visit-requests/{}/delivery"] = "recordVisitDelivery",
        ["post /api/v1/visit-requests/{}/feedback"] = "rateVisit",
        ["post /api/v1/visit-requests/{}/acceptance"] = "respondToVisit",
        ["post /api/v1/visit-requests/{}/assignment"] = "assignVisit",
        ["post /api/v1/visit-requests/{}/cancellation"] = "cancelVisit",
    };

    /// <summary>
    /// Filters the Applications service reads from the query by hand (<c>QueryFilters</c>), which
    /// its own document cannot see; the limits are those it enforces.
    /// </summary>
    private static readonly Dictionary<string, (string Name, JsonObject Schema, string Description)[]> HandReadFilters = new(StringComparer.Ordinal)
    {
        ["/api/v1/applications"] =
        [
            ("callId", Uuid(), "Only this call's applications."),
            ("kind", Enum(PilotKinds.All), "`pilot-unit` (附件1) or `pilot-city` (附件2)."),
            ("province", Text(20), "A province's Chinese name, e.g. 广东省."),
            ("status", Enum(ApplicationStatuses.All), "The application's status."),
            ("q", Text(100), "Any part of the organisation's name."),
        ],
        ["/api/v1/pilots"] =
        [
            ("kind", Enum(PilotKinds.All), "`pilot-unit` or `pilot-city`."),
            ("province", Text(20), "A province's Chinese name."),
            ("year", Year(), "The year of designation."),
        ],
        ["/api/v1/experience-reports"] =
        [
            ("status", Enum(["submitted", "published"]), "The report's status."),
            ("pilotId", Uuid(), "Only this pilot's reports."),
            ("province", Text(20), "A province's Chinese name."),
        ],
        ["/api/v1/commendations"] =
        [
            ("year", Year(), "The year of the commendation."),
            ("pilotId", Uuid(), "Only this pilot's commendations."),
            ("province", Text(20), "A province's Chinese name."),
        ],
    };

    private static JsonObject Uuid() => new() { ["type"] = "string", ["format"] = "uuid", ["maxLength"] = 36 };

    private static JsonObject Text(int maxLength) => new() { ["type"] = "string", ["maxLength"] = maxLength };

    // The values of Contracts' vocabularies where Contracts has them (pinned to the services' enums).
    private static JsonObject Enum(IReadOnlyList<string> values) =>
        new() { ["type"] = "string", ["enum"] = new JsonArray([.. values.Select(v => (JsonNode)v)]) };

    private static JsonObject Year() => new() { ["type"] = "integer", ["format"] = "int32", ["minimum"] = 2000, ["maximum"] = 2100 };

    /// <summary>Stands for the scheme and host a document is served on; <see cref="MergedOpenApi"/> fills it in per request.</summary>
    public const string Origin = "{origin}";

    /// <summary>The partner document and the operator document, from one merged document.</summary>
    /// <param name="environment">The host's environment name; the <c>servers</c> entry says which it is.</param>
    public static (JsonObject Partner, JsonObject Operators) Split(JsonObject merged, string environment)
    {
        var operators = (JsonObject)merged.DeepClone();
        operators["info"]!["title"] = "Kechuang operator API";
        operators["info"]!["description"] = "The runbook's tools of every service, for the operator role (README \"Operations\").";
        var partnerPaths = merged["paths"]!.AsObject();
        var operatorPaths = operators["paths"]!.AsObject();
        foreach (var (path, _) in partnerPaths.ToList())
        {
            if (path.StartsWith(OperatorPrefix, StringComparison.Ordinal)) partnerPaths.Remove(path);
            else operatorPaths.Remove(path);
        }
        Shape(merged, environment);
        Shape(operators, environment);
        return (merged, operators);
    }

    private static void Shape(JsonObject document, string environment)
    {
        document["info"]!["contact"] = new JsonObject { ["name"] = "科创筑梦 programme centre", ["url"] = Origin + "/docs" };
        document["info"]!["license"] = new JsonObject { ["name"] = "Partners under the programme's data agreement", ["url"] = Origin + "/docs" };
        document["servers"] = new JsonArray(new JsonObject
        {
            ["url"] = "/",
            ["description"] = string.Equals(environment, "Production", StringComparison.OrdinalIgnoreCase)
                ? "This gateway: the production environment."
                : $"This gateway: the {environment} environment, a local or test run, not production.",
            ["x-internal"] = false,
        });
        AddProblemResponses(document);
        AddRateLimitHeaders(document);
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, node) in item!.AsObject())
            {
                if (node is not JsonObject operation) continue;
                var id = Unique(OperationId(method, path), used);
                operation["operationId"] = id;
                var original = operation["summary"]?.GetValue<string>();
                operation["summary"] = Humanize(id);
                operation["description"] ??= original ?? Humanize(id) + ".";
                LowerQueryNames(operation);
                if (method == "get" && HandReadFilters.TryGetValue(path, out var filters)) AddFilters(operation, filters);
                if (operation.Remove(OpenApiMarkers.Paged)) AddPaging(operation);
                var isPublic = operation.Remove(OpenApiMarkers.Public);
                if (isPublic) operation["security"] = new JsonArray();
                if (operation[OpenApiMarkers.RolesExtension] is JsonArray roles)
                {
                    operation["description"] = $"{operation["description"]!.GetValue<string>()}\n\nRoles: admin, {string.Join(", ", roles.Select(r => r!.GetValue<string>()))}.";
                }
                AddResponses(method, path, operation, isPublic);
            }
        }
        AddRateLimitHeaderReferences(document);
        DocumentLimits.Apply(document);
        PruneSchemas(document);
        var present = document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(o => o.Value?["tags"]?[0]?.GetValue<string>()))
            .ToHashSet();
        document["tags"] = new JsonArray([.. Areas.Where(a => present.Contains(a.Tag))
            .Select(a => (JsonNode)new JsonObject { ["name"] = a.Tag, ["description"] = a.Description })]);
    }

    /// <summary>Each document keeps the shared answers and schemas its operations reach, and no others.</summary>
    private static void PruneSchemas(JsonObject document)
    {
        var answers = document["components"]!["responses"]!.AsObject();
        var paths = document["paths"]!.ToJsonString();
        foreach (var (name, _) in answers.ToList())
            if (!paths.Contains($"\"#/components/responses/{name}\"", StringComparison.Ordinal)) answers.Remove(name);
        const string prefix = "#/components/schemas/";
        var schemas = document["components"]!["schemas"]!.AsObject();
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<JsonNode>([document["paths"]!, document["components"]!["responses"]!]);
        while (pending.TryPop(out var node))
        {
            switch (node)
            {
                case JsonObject obj:
                    if (obj["$ref"] is JsonValue reference && reference.GetValue<string>() is { } target
                        && target.StartsWith(prefix, StringComparison.Ordinal) && reached.Add(target[prefix.Length..])
                        && schemas[target[prefix.Length..]] is { } schema)
                        pending.Push(schema);
                    foreach (var (_, child) in obj) if (child is not null) pending.Push(child);
                    break;
                case JsonArray array:
                    foreach (var child in array) if (child is not null) pending.Push(child);
                    break;
            }
        }
        foreach (var (name, _) in schemas.ToList()) if (!reached.Contains(name)) schemas.Remove(name);
    }

    /// <summary><c>submitApplication</c>, <c>listApplications</c>, <c>getExpertHistory</c>… from the method and the path.</summary>
    public static string OperationId(string method, string path)
    {
        method = method.ToLowerInvariant();
        var segments = path["/api/v1/".Length..].Split('/');
        var shape = $"{method} /api/v1/{string.Join('/', segments.Select(s => s.StartsWith('{') ? "{}" : s))}";
        if (Named.TryGetValue(shape, out var named)) return named;

        if (segments[0] == "ops" && segments.Length > 2)
        {
            // /ops/<service>/<tool>[/{x}/<action>] → replayApplicationsErrors, getTrainingBridge…
            var service = Pascal(segments[1]);
            var tool = Pascal(segments[2]);
            return segments.Length > 4 && ActionVerbs.TryGetValue(segments[4], out var opVerb)
                ? $"{opVerb}{service}{Singular(tool)}"
                : $"get{service}{tool}";
        }

        var resource = segments[0];
        var withId = segments.Length > 1 && segments[1].StartsWith('{');
        if (segments.Length == 1)
        {
            return method switch
            {
                "get" => "list" + Pascal(resource),
                "post" => "create" + Singular(Pascal(resource)),
                _ => method + Pascal(resource),
            };
        }
        if (withId && segments.Length == 2)
        {
            return method switch
            {
                "get" => "get" + Singular(Pascal(resource)),
                "put" => "replace" + Singular(Pascal(resource)),
                "delete" => "delete" + Singular(Pascal(resource)),
                _ => method + Singular(Pascal(resource)),
            };
        }
        var sub = segments[withId ? 2 : 1];
        var owner = Singular(Pascal(resource));
        if (withId && segments.Length == 4 && segments[3].StartsWith('{'))
            return "get" + owner + Singular(Pascal(sub));
        if (method == "post" && ActionVerbs.TryGetValue(sub, out var verb))
            return verb + owner;
        var action = method switch
        {
            "get" => sub.EndsWith('s') ? "list" : "get",
            "post" => "add",
            "put" => "set",
            _ => method,
        };
        return action + owner + (method == "post" ? Singular(Pascal(sub)) : Pascal(sub));
    }

    private static string Unique(string id, HashSet<string> used)
    {
        var candidate = id;
        for (var n = 2; !used.Add(candidate); n++) candidate = id + n.ToString(CultureInfo.InvariantCulture);
        return candidate;
    }

    private static string Pascal(string kebab) =>
        string.Concat(kebab.Split('-').Select(w => w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..]));

    private static string Singular(string word) => word switch
    {
        _ when word.EndsWith("ies", StringComparison.Ordinal) => word[..^3] + "y",
        _ when word.EndsWith("sses", StringComparison.Ordinal) => word[..^2],
        _ when word.EndsWith("ss", StringComparison.Ordinal) => word,
        _ when word.EndsWith('s') => word[..^1],
        _ => word,
    };

    /// <summary><c>submitApplication</c> → <c>Submit application</c>.</summary>
    public static string Humanize(string operationId)
    {
        var text = new StringBuilder();
        foreach (var c in operationId.TrimEnd("0123456789".ToCharArray()))
        {
            if (char.IsUpper(c)) text.Append(' ').Append(char.ToLowerInvariant(c));
            else text.Append(c);
        }
        text[0] = char.ToUpperInvariant(text[0]);
        return text.ToString().Replace("api key", "API key", StringComparison.Ordinal);
    }

    /// <summary>Query parameters bound from a record (<c>[AsParameters]</c>) are named as the service reads them.</summary>
    private static void LowerQueryNames(JsonObject operation)
    {
        if (operation["parameters"] is not JsonArray parameters) return;
        foreach (var parameter in parameters.OfType<JsonObject>())
        {
            if (parameter["in"]?.GetValue<string>() == "query" && parameter["name"]?.GetValue<string>() is { Length: > 0 } name)
                parameter["name"] = char.ToLowerInvariant(name[0]) + name[1..];
        }
    }

    private static void AddFilters(JsonObject operation, (string Name, JsonObject Schema, string Description)[] filters)
    {
        var parameters = operation["parameters"] as JsonArray ?? [];
        operation["parameters"] = parameters;
        foreach (var (name, schema, description) in filters)
        {
            if (parameters.Any(p => p?["name"]?.GetValue<string>() == name)) continue;
            parameters.Add(new JsonObject { ["name"] = name, ["in"] = "query", ["description"] = description, ["schema"] = schema.DeepClone() });
        }
    }

    private static void AddPaging(JsonObject operation)
    {
        var parameters = operation["parameters"] as JsonArray ?? [];
        operation["parameters"] = parameters;
        parameters.Add(new JsonObject
        {
            ["name"] = "page", ["in"] = "query", ["description"] = "The page, from 1.",
            ["schema"] = new JsonObject { ["type"] = "integer", ["format"] = "int32", ["minimum"] = 1, ["maximum"] = PageRequest.MaxPage, ["default"] = 1 },
        });
        parameters.Add(new JsonObject
        {
            ["name"] = "pageSize", ["in"] = "query", ["description"] = $"Items per page, at most {PageRequest.MaxSize}.",
            ["schema"] = new JsonObject { ["type"] = "integer", ["format"] = "int32", ["minimum"] = 1, ["maximum"] = PageRequest.MaxSize, ["default"] = PageRequest.DefaultSize },
        });
    }

    /// <summary>
    /// The shared problem answers; each description ends with every <c>code</c> the catalogue
    /// gives that status (<see cref="ProblemCatalog"/>), so the document cannot drift from it.
    /// </summary>
    private static readonly (string Status, string Name, string Intro)[] ProblemAnswers =
    [
        ("400", "BadRequest", "The request is invalid; `validation_failed` comes with `errors` (field → messages)."),
        ("401", "Unauthenticated", "No key or token, or one that is unknown, revoked or expired."),
        ("403", "Forbidden", "The caller's role or scope does not allow this."),
        ("404", "NotFound", "No such record, or none the caller may see."),
        ("409", "Conflict", "The record's state does not allow this, or another writer was first."),
        ("412", "PreconditionFailed", "The `If-Match` version is stale."),
        ("413", "PayloadTooLarge", "The request body is larger than allowed."),
        ("414", "UriTooLong", "The path and query together are longer than 8 KiB."),
        ("415", "UnsupportedMediaType", "The body's media type or charset is not accepted: JSON in UTF-8."),
        ("422", "Unprocessable", "The request is well formed but a rule refuses it."),
        ("429", "RateLimited", "Too many requests; wait for `Retry-After` seconds."),
        ("500", "ServerError", "Our fault, with a `correlationId` to quote."),
    ];

    private static string Describe(string status, string intro)
    {
        var codes = ProblemCatalog.All.Where(e => e.Status.ToString(CultureInfo.InvariantCulture) == status).Select(e => $"`{e.Code}`").ToList();
        return codes.Count == 0 ? intro : $"{intro} Codes: {string.Join(", ", codes)} (each explained at `/docs/problems/<code>`).";
    }

    private static void AddProblemResponses(JsonObject document)
    {
        var components = document["components"]!.AsObject();
        components["schemas"]!["Problem"] = new JsonObject
        {
            ["type"] = "object",
            ["description"] = "RFC 9457 problem details, always with a `code`.",
            ["required"] = new JsonArray("status", "title", "code"),
            ["properties"] = new JsonObject
            {
                ["type"] = new JsonObject { ["type"] = "string", ["maxLength"] = 200 },
                ["title"] = new JsonObject { ["type"] = "string", ["maxLength"] = 200 },
                ["status"] = new JsonObject { ["type"] = "integer", ["format"] = "int32", ["minimum"] = 400, ["maximum"] = 599 },
                ["detail"] = new JsonObject { ["type"] = "string", ["maxLength"] = 2000 },
                ["code"] = new JsonObject { ["type"] = "string", ["maxLength"] = 64, ["pattern"] = "^[a-z_]+$" },
                ["correlationId"] = new JsonObject { ["type"] = "string", ["maxLength"] = 100 },
                ["errors"] = new JsonObject
                {
                    ["type"] = "object",
                    ["description"] = "For 400: each invalid field with its messages.",
                    ["additionalProperties"] = new JsonObject { ["type"] = "array", ["maxItems"] = 20, ["items"] = new JsonObject { ["type"] = "string", ["maxLength"] = 500 } },
                },
            },
        };
        var responses = components["responses"] as JsonObject ?? [];
        components["responses"] = responses;
        foreach (var (status, name, intro) in ProblemAnswers)
        {
            responses[name] = new JsonObject
            {
                ["description"] = Describe(status, intro),
                ["content"] = new JsonObject { [Problem] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/Problem" } } },
            };
        }
    }

    private static void AddResponses(string method, string path, JsonObject operation, bool isPublic)
    {
        var responses = operation["responses"] as JsonObject ?? [];
        operation["responses"] = responses;
        var write = method is "post" or "put" or "delete";
        var hasInput = operation["parameters"] is JsonArray { Count: > 0 } || operation["requestBody"] is not null;
        foreach (var (status, name, _) in ProblemAnswers)
        {
            var applies = status switch
            {
                "400" => hasInput,
                // Sign-in is public but refuses a wrong password with 401 invalid_credentials.
                "401" => !isPublic || path == SignInPath,
                "403" => !isPublic,
                "404" => path.Contains('{'),
                "409" or "412" => write && path.Contains('{'),
                "413" or "415" => operation["requestBody"] is not null,
                "414" => operation["parameters"] is JsonArray { Count: > 0 },
                "422" => method == "post",
                _ => true,
            };
            if (!applies) continue;
            // A service's own description of the answer (e.g. its 400 schema) is replaced by the
            // shared problem answer, which says the codes.
            responses[status] = new JsonObject { ["$ref"] = $"#/components/responses/{name}" };
        }
    }

    /// <summary>The headers <see cref="Limits.PartnerQuota"/> writes on every <c>/api</c> answer, and the 429's <c>Retry-After</c>.</summary>
    private static readonly (string Name, string Description)[] RateLimitHeaders =
    [
        ("RateLimit-Limit", "The caller's burst: requests it may make at once (IETF draft RateLimit headers)."),
        ("RateLimit-Remaining", "Requests left in the caller's bucket after this one."),
        ("RateLimit-Reset", "Seconds until the caller's bucket is full again."),
    ];

    private static void AddRateLimitHeaders(JsonObject document)
    {
        var headers = new JsonObject();
        foreach (var (name, description) in RateLimitHeaders)
            headers[name] = Header(description);
        headers["Retry-After"] = Header("Seconds to wait before retrying.");
        document["components"]!["headers"] = headers;
    }

    private static JsonObject Header(string description) => new()
    {
        ["description"] = description,
        ["schema"] = new JsonObject { ["type"] = "integer", ["format"] = "int32", ["minimum"] = 0, ["maximum"] = int.MaxValue },
    };

    /// <summary>Every 2xx and 4xx answer of an operation, and the shared 4xx answers, reference the rate limit headers.</summary>
    private static void AddRateLimitHeaderReferences(JsonObject document)
    {
        var shared = document["components"]!["responses"]!.AsObject();
        var answers = document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(o => o.Value?["responses"]).OfType<JsonObject>())
            .SelectMany(responses => responses.Where(r => r.Key[0] is '2' or '4'))
            .Concat(shared.Where(r => ProblemAnswers.Any(a => a.Name == r.Key && a.Status[0] == '4')))
            .Select(r => r.Value).OfType<JsonObject>()
            .Where(r => r["$ref"] is null);
        foreach (var answer in answers.ToList())
        {
            var headers = answer["headers"] as JsonObject ?? [];
            answer["headers"] = headers;
            foreach (var (name, _) in RateLimitHeaders)
                headers[name] = new JsonObject { ["$ref"] = $"#/components/headers/{name}" };
        }
        if (shared["RateLimited"] is JsonObject rateLimited)
            rateLimited["headers"]!["Retry-After"] = new JsonObject { ["$ref"] = "#/components/headers/Retry-After" };
    }
}
