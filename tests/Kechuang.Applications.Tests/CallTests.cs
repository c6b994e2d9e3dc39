using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Kechuang.TestKit;
using Xunit;

namespace Kechuang.Applications.Tests;

public sealed class CallTests(ApplicationsFactory service) : IClassFixture<ApplicationsFactory>
{
    private static object ValidCall(string title = "2022年科创筑梦试点申报") => new
    {
        title,
        year = 2022,
        kinds = new[] { "pilot-unit", "pilot-city" },
        opensAt = "2022-01-10T00:00:00+08:00",
        deadline = "2022-02-25T23:59:59+08:00",
    };

    [Fact]
    public async Task The_centre_opens_a_call_and_gets_it_back_with_its_version()
    {
        var centre = service.ClientFor(Actors.Centre);
        var created = await centre.PostAsJsonAsync("/api/v1/calls", ValidCall());

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("\"1\"", created.Headers.ETag?.Tag);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/calls/{id}", created.Headers.Location?.ToString());
        Assert.Equal(5, body.GetProperty("cityQuotaPerProvince").GetInt32());
        Assert.Equal(1, body.GetProperty("version").GetInt64());
        Assert.Equal(["pilot-unit", "pilot-city"], body.GetProperty("kinds").EnumerateArray().Select(k => k.GetString()));

        var read = await service.ClientFor(Actors.Reader).GetAsync($"/api/v1/calls/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("\"1\"", read.Headers.ETag?.Tag);

        var history = await centre.GetFromJsonAsync<JsonElement>($"/api/v1/calls/{id}/history");
        var step = Assert.Single(history.EnumerateArray());
        Assert.Equal("call-opened", step.GetProperty("type").GetString());
        Assert.Equal(Actors.Centre.Id, step.GetProperty("by").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Bad_input_is_a_400_with_every_field_error_and_nothing_is_stored()
    {
        var centre = service.ClientFor(Actors.Centre);
        var before = await Total(centre);
        var response = await centre.PostAsJsonAsync("/api/v1/calls", new
        {
            title = "",
            year = 1800,
            kinds = Array.Empty<string>(),
            opensAt = "2022-03-01T00:00:00+08:00",
            deadline = "2022-02-01T00:00:00+08:00",
            cityQuotaPerProvince = 9,
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "title", "year", "kinds", "deadline", "cityQuotaPerProvince" })
            Assert.True(errors.TryGetProperty(field, out _), $"an error for {field}");
        Assert.Equal(before, await Total(centre));
    }

    [Theory]
    [InlineData("{\"title\": \"x\", ")]
    [InlineData("{\"title\": \"x\", \"year\": 2022, \"kinds\": [\"pilot-village\"], \"opensAt\": \"2022-01-01T00:00:00Z\", \"deadline\": \"2022-02-01T00:00:00Z\"}")]
    [InlineData("{\"title\": \"x\", \"year\": \"twenty\", \"kinds\": [\"pilot-unit\"], \"opensAt\": \"2022-01-01T00:00:00Z\", \"deadline\": \"2022-02-01T00:00:00Z\"}")]
    public async Task Malformed_json_or_an_unknown_enum_is_a_400_problem(string json)
    {
        var response = await service.ClientFor(Actors.Centre).PostAsync("/api/v1/calls",
            new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Only_the_centre_opens_calls()
    {
        var school = await service.ClientFor(Actors.School()).PostAsJsonAsync("/api/v1/calls", ValidCall());
        Assert.Equal(HttpStatusCode.Forbidden, school.StatusCode);
        var problem = await school.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("forbidden", problem.GetProperty("code").GetString());

        var anonymous = await service.ClientFor(null).PostAsJsonAsync("/api/v1/calls", ValidCall());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Unknown_call_is_a_404_problem_and_bad_paging_a_400()
    {
        var reader = service.ClientFor(Actors.Reader);
        var missing = await reader.GetAsync($"/api/v1/calls/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("not_found", (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        var paging = await reader.GetAsync("/api/v1/calls?pageSize=500");
        Assert.Equal(HttpStatusCode.BadRequest, paging.StatusCode);
        Assert.True((await paging.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("pageSize", out _));
    }

    private static async Task<long> Total(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/v1/calls")).GetProperty("total").GetInt64();
}
