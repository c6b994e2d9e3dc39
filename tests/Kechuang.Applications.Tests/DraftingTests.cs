using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Kechuang.TestKit;
using Xunit;

namespace Kechuang.Applications.Tests;

public sealed class DraftingTests(ApplicationsFactory service) : IClassFixture<ApplicationsFactory>
{
    private readonly Guid _organization = Guid.NewGuid();

    private HttpClient Unit => service.ClientFor(Actors.Unit(_organization));

    [Fact]
    public async Task A_unit_drafts_a_pilot_unit_application_and_reads_it_back()
    {
        var call = await service.OpenCallAsync();
        var response = await Unit.DraftAsync(Api.UnitForm(call));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/applications/{id}", response.Headers.Location?.ToString());
        Assert.Equal("draft", body.GetProperty("status").GetString());
        Assert.Equal("pilot-unit", body.GetProperty("kind").GetString());
        Assert.Equal(1, body.GetProperty("version").GetInt64());
        Assert.Equal(_organization, body.GetProperty("organizationId").GetGuid());
        Assert.Equal("primary-school", body.GetProperty("applicant").GetProperty("type").GetString());

        var read = await Unit.GetAsync($"/api/v1/applications/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("\"1\"", read.Headers.ETag?.Tag);
        Assert.Equal("北京市西城区实验小学", (await read.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("applicant").GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_track_record_of_1000_Chinese_characters_is_accepted_and_1001_refused()
    {
        var call = await service.OpenCallAsync();
        var thousand = string.Concat(Enumerable.Repeat("科创筑梦助力双减", 125));
        Assert.Equal(1000, thousand.Length);

        var accepted = await Unit.DraftAsync(Api.UnitForm(call, trackRecord: thousand, workPlan: thousand));
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        Assert.Equal(thousand, (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("trackRecord").GetString());

        var refused = await Unit.DraftAsync(Api.UnitForm(call, trackRecord: thousand + "科", workPlan: thousand + "科"));
        await refused.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("1001", errors.GetProperty("trackRecord")[0].GetString());
        Assert.True(errors.TryGetProperty("workPlan", out _));
    }

    [Fact]
    public async Task Characters_outside_the_basic_plane_count_as_one_each()
    {
        var call = await service.OpenCallAsync();
        var rare = string.Concat(Enumerable.Repeat("𠀀", 1000));   // CJK Extension B: two UTF-16 units each
        var response = await Unit.DraftAsync(Api.UnitForm(call, trackRecord: rare));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Empty_narratives_are_refused()
    {
        var call = await service.OpenCallAsync();
        var response = await Unit.DraftAsync(Api.UnitForm(call, trackRecord: "   ", workPlan: ""));
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("trackRecord", out _));
        Assert.True(errors.TryGetProperty("workPlan", out _));
    }

    [Fact]
    public async Task A_pilot_city_application_must_come_from_a_city_science_association()
    {
        var call = await service.OpenCallAsync();
        var province = service.ClientFor(Actors.Province("广东省"));
        Assert.Equal(HttpStatusCode.Created, (await province.DraftAsync(Api.CityForm(call, "佛山市"))).StatusCode);

        var form = Api.CityForm(call, "东莞市");
        ((Dictionary<string, object?>)form["applicant"]!)["type"] = "secondary-school";
        var refused = await province.DraftAsync(form);
        await refused.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("applicant.type", out _));
    }

    [Fact]
    public async Task The_kind_must_be_one_the_call_accepts_and_the_call_must_exist()
    {
        var unitsOnly = await service.OpenCallAsync(kinds: ["pilot-unit"]);
        var city = await service.ClientFor(Actors.Centre).DraftAsync(Api.CityForm(unitsOnly, "佛山市"));
        await city.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True((await city.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("kind", out _));

        var unknown = await Unit.DraftAsync(Api.UnitForm(Guid.NewGuid()));
        await unknown.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True((await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("callId", out _));
    }

    [Fact]
    public async Task Bad_input_is_a_400_with_every_field_error_and_nothing_is_stored()
    {
        var call = await service.OpenCallAsync();
        var response = await Unit.PostAsJsonAsync("/api/v1/applications", new
        {
            callId = call,
            applicant = new
            {
                name = "",
                type = "primary-school",
                province = "火星省",
                city = "",
                address = "",
                contactName = "",
                phone = "12345",
                email = "not-an-email",
            },
        });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[]
                 {
                     "kind", "applicant.name", "applicant.province", "applicant.city", "applicant.address",
                     "applicant.contactName", "applicant.phone", "applicant.email", "trackRecord", "workPlan",
                 })
            Assert.True(errors.TryGetProperty(field, out _), $"an error for {field}");
        Assert.Equal(0, await CountAsync(call));
    }

    [Fact]
    public async Task A_missing_applicant_is_a_field_error()
    {
        var call = await service.OpenCallAsync();
        var response = await Unit.PostAsJsonAsync("/api/v1/applications", new { callId = call, kind = "pilot-unit", trackRecord = "x", workPlan = "y" });
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("applicant", out _));
    }

    [Theory]
    [InlineData("{\"kind\": \"pilot-unit\", ")]
    [InlineData("{\"callId\": \"CALL\", \"kind\": \"pilot-village\"}")]
    [InlineData("{\"callId\": \"CALL\", \"kind\": \"pilot-unit\", \"applicant\": {\"type\": \"kindergarten\"}}")]
    [InlineData("{\"callId\": \"not-a-uuid\", \"kind\": \"pilot-unit\"}")]
    public async Task Malformed_json_or_an_unknown_enum_is_a_400_problem_and_nothing_is_stored(string json)
    {
        var call = await service.OpenCallAsync();
        var response = await Unit.PostAsync("/api/v1/applications",
            new StringContent(json.Replace("CALL", call.ToString()), Encoding.UTF8, "application/json"));
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("errors", out _));
        Assert.Equal(0, await CountAsync(call));
    }

    [Fact]
    public async Task An_oversized_body_is_a_413_problem_and_nothing_is_stored()
    {
        var call = await service.OpenCallAsync();
        var huge = new string('科', 200_000);
        var response = await Unit.DraftAsync(Api.UnitForm(call, trackRecord: huge));
        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        Assert.Equal(0, await CountAsync(call));
    }

    [Fact]
    public async Task A_unit_key_without_an_organisation_cannot_apply_and_a_reader_cannot_at_all()
    {
        var call = await service.OpenCallAsync();
        var noOrg = new Kechuang.BuildingBlocks.Domain.Actor("key-unit-x", "无机构", "unit");
        await (await service.ClientFor(noOrg).DraftAsync(Api.UnitForm(call))).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await service.ClientFor(Actors.Reader).DraftAsync(Api.UnitForm(call))).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(HttpStatusCode.Unauthorized, (await service.ClientFor(null).DraftAsync(Api.UnitForm(call))).StatusCode);
    }

    [Fact]
    public async Task A_province_applies_only_for_its_own_province()
    {
        var call = await service.OpenCallAsync();
        var response = await service.ClientFor(Actors.Province("上海市")).DraftAsync(Api.UnitForm(call, province: "北京市"));
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("applicant.province", out _));
    }

    [Fact]
    public async Task A_draft_is_edited_with_the_same_form_and_keeps_its_call()
    {
        var call = await service.OpenCallAsync();
        var id = await Unit.DraftIdAsync(Api.UnitForm(call));

        var edited = await Unit.PutAsJsonAsync($"/api/v1/applications/{id}", Api.UnitForm(call, name: "北京市西城区实验小学（本部）"));
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal("\"2\"", edited.Headers.ETag?.Tag);
        var body = await edited.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("北京市西城区实验小学（本部）", body.GetProperty("applicant").GetProperty("name").GetString());
        Assert.Equal("draft", body.GetProperty("status").GetString());

        var otherCall = await service.OpenCallAsync();
        var moved = await Unit.PutAsJsonAsync($"/api/v1/applications/{id}", Api.UnitForm(otherCall));
        await moved.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        var invalid = await Unit.PutAsJsonAsync($"/api/v1/applications/{id}", Api.UnitForm(call, trackRecord: ""));
        await invalid.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(2, (await Unit.ReadAsync($"/api/v1/applications/{id}")).GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task A_stale_If_Match_is_a_412()
    {
        var call = await service.OpenCallAsync();
        var id = await Unit.DraftIdAsync(Api.UnitForm(call));
        Assert.Equal(HttpStatusCode.OK, (await Unit.PutAsJsonAsync($"/api/v1/applications/{id}", Api.UnitForm(call))).StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/applications/{id}") { Content = JsonContent.Create(Api.UnitForm(call)) };
        request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        await (await Unit.SendAsync(request)).AssertProblemAsync(HttpStatusCode.PreconditionFailed, "precondition_failed");
    }

    [Fact]
    public async Task The_openapi_document_describes_every_route()
    {
        var document = await service.ClientFor(null).GetStringAsync("/openapi/v1.json");
        foreach (var route in new[]
                 {
                     "/api/v1/applications", "/api/v1/applications/{id}", "/api/v1/applications/{id}/seal-scan",
                     "/api/v1/applications/{id}/submit", "/api/v1/applications/{id}/recommendation",
                     "/api/v1/applications/{id}/reviews", "/api/v1/applications/{id}/designation",
                     "/api/v1/applications/{id}/history", "/api/v1/applications/export", "/api/v1/pilots",
                     "/api/v1/experience-reports", "/api/v1/experience-reports/{id}/publish", "/api/v1/commendations",
                 })
            Assert.Contains($"\"{route}\"", document);
    }

    private async Task<long> CountAsync(Guid call) =>
        (await service.ClientFor(Actors.Centre).ReadAsync($"/api/v1/applications?callId={call}")).GetProperty("total").GetInt64();
}
