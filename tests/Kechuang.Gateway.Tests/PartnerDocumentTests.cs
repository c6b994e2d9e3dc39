using System.Text.Json.Nodes;
using Kechuang.BuildingBlocks.Http;
using Kechuang.Gateway.OpenApi;
using Xunit;

namespace Kechuang.Gateway.Tests;

/// <summary>How the merged document becomes the partner and operator documents.</summary>
public sealed class PartnerDocumentTests
{
    private static JsonObject Merged() => JsonNode.Parse("""
        {
          "openapi": "3.1.1", "info": {"title": "t", "version": "v1"},
          "components": {"schemas": {}},
          "paths": {
            "/api/v1/applications": {
              "get": {"tags": ["Applications"], "x-kechuang-paged": true, "x-kechuang-roles": ["centre", "province"], "responses": {"200": {"description": "OK"}}},
              "post": {"tags": ["Applications"], "summary": "Draft a pilot unit (附件1) application.", "requestBody": {}, "responses": {"201": {"description": "Created"}}}
            },
            "/api/v1/applications/{id}/submit": {"post": {"tags": ["Applications"], "parameters": [{"name": "id", "in": "path"}], "responses": {"200": {"description": "OK"}}}},
            "/api/v1/pilots/{id}": {"get": {"tags": ["Pilots"], "x-kechuang-public": true, "parameters": [{"name": "id", "in": "path"}], "responses": {"200": {"description": "OK"}}}},
            "/api/v1/resources": {"get": {"tags": ["Resources"], "parameters": [{"name": "Topic", "in": "query"}], "responses": {"200": {"description": "OK"}}}},
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
        var (partner, operators) = PartnerDocument.Split(Merged());

        Assert.DoesNotContain(partner["paths"]!.AsObject(), p => p.Key.StartsWith("/api/v1/ops/", StringComparison.Ordinal));
        Assert.Equal(["/api/v1/ops/experts/errors/{queue}/replay"], operators["paths"]!.AsObject().Select(p => p.Key));
        var submit = Operation(partner, "/api/v1/applications/{id}/submit", "post");
        Assert.Equal("submitApplication", submit["operationId"]!.GetValue<string>());
        Assert.Equal("Submit application", submit["summary"]!.GetValue<string>());
        var draft = Operation(partner, "/api/v1/applications", "post");
        Assert.Equal("Draft a pilot unit (附件1) application.", draft["description"]!.GetValue<string>());
        Assert.Equal("/", partner["servers"]![0]!["url"]!.GetValue<string>());
        Assert.Equal(["Applications", "Pilots", "Resources"], partner["tags"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()));
    }

    [Fact]
    public void Public_routes_need_no_key_and_others_declare_401_403_and_429_as_problems()
    {
        var (partner, _) = PartnerDocument.Split(Merged());

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
        var (partner, _) = PartnerDocument.Split(Merged());
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
        var (partner, _) = PartnerDocument.Split(Merged());

        var list = Operation(partner, "/api/v1/applications", "get");
        var names = list["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(["callId", "kind", "province", "status", "q", "page", "pageSize"], names);
        Assert.Equal(200, list["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "pageSize")!["schema"]!["maximum"]!.GetValue<int>());
        Assert.Contains("Roles: admin, centre, province.", list["description"]!.GetValue<string>());
        Assert.Equal("topic", Operation(partner, "/api/v1/resources", "get")["parameters"]![0]!["name"]!.GetValue<string>());
    }
}
