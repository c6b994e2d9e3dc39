using System.Text.Json.Nodes;
using Kechuang.BuildingBlocks.Http;
using Kechuang.Gateway.Limits;
using Kechuang.Gateway.OpenApi;
using Xunit;

namespace Kechuang.Gateway.Tests;

/// <summary>How the merged document becomes the partner and operator documents.</summary>
public sealed class PartnerDocumentTests
{
    private static JsonObject Merged() => JsonNode.Parse("""
        {
          "openapi": "3.1.1", "info": {"title": "t", "version": "v1"},
          "components": {"schemas": {
            "PagedListOfCallView": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/CallView"}}}},
            "CallView": {"type": "object", "properties": {
              "id": {"type": "string", "format": "uuid"}, "opens": {"type": "string", "format": "date"},
              "at": {"type": ["null", "string"], "format": "date-time"}, "title": {"type": "string"}, "code": {"type": "string", "maxLength": 40},
              "quota": {"type": ["integer", "string"], "format": "int32", "pattern": "^-?(?:0|[1-9]\\d*)$"},
              "total": {"type": ["integer", "string"], "format": "int64", "pattern": "^-?(?:0|[1-9]\\d*)$"},
              "provinces": {"type": "array", "items": {"type": "string"}}}}
          }},
          "paths": {
            "/api/v1/applications": {
              "get": {"tags": ["Applications"], "x-kechuang-paged": true, "x-kechuang-roles": ["centre", "province"], "responses": {"200": {"description": "OK"}}},
              "post": {"tags": ["Applications"], "summary": "Draft a pilot unit (附件1) application.", "requestBody": {}, "responses": {"201": {"description": "Created"}}}
            },
            "/api/v1/applications/{id}/submit": {"post": {"tags": ["Applications"], "parameters": [{"name": "id", "in": "path"}], "responses": {"200": {"description": "OK"}}}},
            "/api/v1/applications/export": {"get": {"tags": ["Applications"], "responses": {"200": {"description": "OK", "content": {"text/csv": {"schema": {"type": "string"}}}}}}},
            "/api/v1/applications/{id}/seal-scan": {"put": {"tags": ["Applications"], "requestBody": {"content": {"image/png": {"schema": {"type": "string", "format": "byte"}}}}, "responses": {"200": {"description": "OK"}}}},
            "/api/v1/calls": {"get": {"tags": ["Calls"], "x-kechuang-paged": true, "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PagedListOfCallView"}}}}}}},
            "/api/v1/pilots/{id}": {"get": {"tags": ["Pilots"], "x-kechuang-public": true, "parameters": [{"name": "id", "in": "path"}], "responses": {"200": {"description": "OK"}}}},
            "/api/v1/resources": {"get": {"tags": ["Resources"], "parameters": [{"name": "Topic", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}}], "responses": {"200": {"description": "OK"}}}},
            "/api/v1/ops/experts/errors/{queue}/replay": {"post": {"tags": ["Operations"], "responses": {"200": {"description": "OK"}}}}
          }
        }
        """)!.AsObject();

    private static JsonObject Operation(JsonObject document, string path, string method) => document["paths"]![path]![method]!.AsObject();

    [Theory]
    [InlineData("post", "/api/v1/applications/{id}/submit", "submitApplication")]
    [InlineData("post", "/api/v1/applications/{id}/recommendation", "recommendApplication")]
    [InlineData("post", "/api/v1/applications/{id}/designation", "designateApplication")]
    [InlineData("get", "/api/v1/resources", "listResources")]
    [InlineData("post", "/api/v1/experience-reports", "createExperienceReport")]
    [InlineData("get", "/api/v1/visit-requests/{id}", "getVisitRequest")]
    [InlineData("get", "/api/v1/visit-requests/{id}/history", "getVisitRequestHistory")]
    [InlineData("post", "/api/v1/experts/{id}/vetting", "vetExpert")]
    [InlineData("get", "/api/v1/courses/{id}/enrolments", "listCourseEnrolments")]
    [InlineData("get", "/api/v1/campaigns/{id}/activities/{activityId}", "getCampaignActivity")]
    [InlineData("delete", "/api/v1/api-keys/{id}", "revokeApiKey")]
    [InlineData("post", "/api/v1/auth/token", "signIn")]
    [InlineData("get", "/api/v1/certificates/{code}", "verifyCertificate")]
    [InlineData("post", "/api/v1/ops/training/projections/{name}/rebuild", "rebuildTrainingProjection")]
    public void Operation_ids_are_the_contracts_words(string method, string path, string operationId) =>
        Assert.Equal(operationId, PartnerDocument.OperationId(method, path));

    [Fact]
    public void Operator_routes_go_to_their_own_document_and_every_operation_gets_an_id_summary_and_description()
    {
        var (partner, operators) = PartnerDocument.Split(Merged(), "Development");

        Assert.DoesNotContain(partner["paths"]!.AsObject(), p => p.Key.StartsWith("/api/v1/ops/", StringComparison.Ordinal));
        Assert.Equal(["/api/v1/ops/experts/errors/{queue}/replay"], operators["paths"]!.AsObject().Select(p => p.Key));
        var submit = Operation(partner, "/api/v1/applications/{id}/submit", "post");
        Assert.Equal("submitApplication", submit["operationId"]!.GetValue<string>());
        Assert.Equal("Submit application", submit["summary"]!.GetValue<string>());
        var draft = Operation(partner, "/api/v1/applications", "post");
        Assert.Equal("Draft a pilot unit (附件1) application.", draft["description"]!.GetValue<string>());
        Assert.Equal("/", partner["servers"]![0]!["url"]!.GetValue<string>());
        Assert.Equal(["Calls", "Applications", "Pilots", "Resources"], partner["tags"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()));
    }

    [Fact]
    public void Public_routes_need_no_key_and_others_declare_401_403_and_429_as_problems()
    {
        var (partner, _) = PartnerDocument.Split(Merged(), "Development");

        var pilot = Operation(partner, "/api/v1/pilots/{id}", "get");
        Assert.Empty(pilot["security"]!.AsArray());
        Assert.False(pilot["responses"]!.AsObject().ContainsKey("401"));
        Assert.False(pilot.ContainsKey("x-kechuang-public"));
        var submit = Operation(partner, "/api/v1/applications/{id}/submit", "post");
        Assert.False(submit.ContainsKey("security"));
        foreach (var status in new[] { "400", "401", "403", "404", "409", "412", "422", "429", "500" })
            Assert.True(submit["responses"]!.AsObject().ContainsKey(status), status);
        var problem = partner["components"]!["responses"]!["Forbidden"]!["content"]!["application/problem+json"]!;
        Assert.Equal("#/components/schemas/Problem", problem["schema"]!["$ref"]!.GetValue<string>());
    }

    [Fact]
    public void Every_code_of_the_problem_catalogue_is_named_by_the_answer_of_its_status()
    {
        var (partner, _) = PartnerDocument.Split(Merged(), "Development");
        var answers = partner["components"]!["responses"]!.AsObject()
            .Select(a => a.Value!["description"]!.GetValue<string>()).ToList();

        var declaredStatuses = new[] { 400, 401, 403, 404, 409, 412, 413, 415, 422, 429, 500 };
        foreach (var entry in ProblemCatalog.All.Where(e => declaredStatuses.Contains(e.Status)))
            Assert.Single(answers, a => a.Contains($"`{entry.Code}`", StringComparison.Ordinal));
        var draft = Operation(partner, "/api/v1/applications", "post");
        Assert.True(draft["responses"]!.AsObject().ContainsKey("415"));
        Assert.False(Operation(partner, "/api/v1/applications/{id}/submit", "post")["responses"]!.AsObject().ContainsKey("415"));
    }

    [Fact]
    public void Lists_declare_paging_filters_read_by_hand_and_query_names_as_the_service_reads_them()
    {
        var (partner, _) = PartnerDocument.Split(Merged(), "Development");

        var list = Operation(partner, "/api/v1/applications", "get");
        var names = list["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(["callId", "kind", "province", "status", "q", "page", "pageSize"], names);
        Assert.Equal(200, list["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "pageSize")!["schema"]!["maximum"]!.GetValue<int>());
        Assert.Contains("Roles: admin, centre, province.", list["description"]!.GetValue<string>());
        Assert.Equal("topic", Operation(partner, "/api/v1/resources", "get")["parameters"]![0]!["name"]!.GetValue<string>());
    }

    [Fact]
    public void Every_string_integer_and_array_states_the_bound_the_code_enforces()
    {
        var (partner, _) = PartnerDocument.Split(Merged(), "Development");
        var schemas = partner["components"]!["schemas"]!;
        var call = schemas["CallView"]!["properties"]!;

        Assert.Equal(36L, call["id"]!["maxLength"]!.GetValue<long>());
        Assert.Equal(10L, call["opens"]!["maxLength"]!.GetValue<long>());
        Assert.Equal((long)DocumentLimits.DateTimeMaxLength, call["at"]!["maxLength"]!.GetValue<long>());
        Assert.Equal(InputGuard.JsonBodyLimit, call["title"]!["maxLength"]!.GetValue<long>());
        Assert.Equal(40L, call["code"]!["maxLength"]!.GetValue<long>());
        Assert.Equal([int.MinValue, int.MaxValue, "-2147483648".Length],
            [call["quota"]!["minimum"]!.GetValue<int>(), call["quota"]!["maximum"]!.GetValue<int>(), (int)call["quota"]!["maxLength"]!.GetValue<long>()]);
        Assert.Equal(long.MaxValue, call["total"]!["maximum"]!.GetValue<long>());
        Assert.Equal(InputGuard.MaxArrayItems, call["provinces"]!["maxItems"]!.GetValue<int>());
        Assert.Equal(PageRequest.MaxSize, schemas["PagedListOfCallView"]!["properties"]!["items"]!["maxItems"]!.GetValue<int>());
        var page = Operation(partner, "/api/v1/calls", "get")["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "page")!;
        Assert.Equal(PageRequest.MaxPage, page["schema"]!["maximum"]!.GetValue<int>());
        var scan = Operation(partner, "/api/v1/applications/{id}/seal-scan", "put")["requestBody"]!["content"]!["image/png"]!["schema"]!;
        Assert.Equal(RequestLimits.UploadBodyLimit, scan["maxLength"]!.GetValue<long>());
        Assert.Null(Operation(partner, "/api/v1/applications/export", "get")["responses"]!["200"]!["content"]!["text/csv"]!["schema"]!["maxLength"]);
        var resources = Operation(partner, "/api/v1/resources", "get")["parameters"]![0]!;
        Assert.Equal(DocumentLimits.RequestLineLimit / 2, resources["schema"]!["maxItems"]!.GetValue<int>());
        Assert.Equal(DocumentLimits.RequestLineLimit, resources["schema"]!["items"]!["maxLength"]!.GetValue<long>());
    }

    [Fact]
    public void Every_2xx_and_4xx_answer_declares_the_rate_limit_headers_and_the_429_its_Retry_After()
    {
        var (partner, _) = PartnerDocument.Split(Merged(), "Development");
        string[] rateLimit = ["RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"];

        Assert.Equal(rateLimit.Append("Retry-After"), partner["components"]!["headers"]!.AsObject().Select(h => h.Key));
        var ok = Operation(partner, "/api/v1/applications/{id}/submit", "post")["responses"]!["200"]!;
        Assert.Equal(rateLimit, ok["headers"]!.AsObject().Select(h => h.Key));
        Assert.Equal("#/components/headers/RateLimit-Limit", ok["headers"]!["RateLimit-Limit"]!["$ref"]!.GetValue<string>());
        var answers = partner["components"]!["responses"]!.AsObject();
        Assert.All(answers.Where(a => a.Key != "ServerError"), a => Assert.Subset(a.Value!["headers"]!.AsObject().Select(h => h.Key).ToHashSet(), rateLimit.ToHashSet()));
        Assert.NotNull(answers["RateLimited"]!["headers"]!["Retry-After"]);
    }

    [Fact]
    public void Servers_say_their_environment_and_links_are_full_uris_on_the_serving_origin()
    {
        var (partner, _) = PartnerDocument.Split(Merged(), "Production");

        Assert.Equal("This gateway: the production environment.", partner["servers"]![0]!["description"]!.GetValue<string>());
        Assert.False(partner["servers"]![0]!["x-internal"]!.GetValue<bool>());
        Assert.Equal(PartnerDocument.Origin + "/docs", partner["info"]!["contact"]!["url"]!.GetValue<string>());
        Assert.True(Operation(partner, "/api/v1/pilots/{id}", "get")["security"] is JsonArray { Count: 0 });
    }
}
