using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Kechuang.TestKit;
using Xunit;

namespace Kechuang.Training.Tests;

public sealed class TrainingBaseTests(TrainingFactory service) : IClassFixture<TrainingFactory>
{
    [Fact]
    public async Task The_centre_registers_a_base_and_reads_it_back_with_its_version_and_history()
    {
        var centre = service.ClientFor(Actors.Centre);
        var response = await centre.PostAsJsonAsync("/api/v1/training-bases", TrainingApi.Base("中国科技馆培训实践基地"));
        var created = await Task.FromResult(response).CreatedAsync();
        var id = created.Id();

        Assert.Equal($"/api/v1/training-bases/{id}", response.Headers.Location?.ToString());
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        Assert.Equal(("active", 1), (created.Status(), created.GetProperty("version").GetInt32()));
        Assert.Equal("university", created.GetProperty("kind").GetString());

        var read = await service.ClientFor(Actors.Reader).GetAsync($"/api/v1/training-bases/{id}").OkAsync();
        Assert.Equal("中国科技馆培训实践基地", read.GetProperty("name").GetString());

        var history = await centre.GetFromJsonAsync<JsonElement>($"/api/v1/training-bases/{id}/history");
        Assert.Equal("training-base-registered", Assert.Single(history.EnumerateArray()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Bases_are_listed_by_province_and_kind()
    {
        var centre = service.ClientFor(Actors.Centre);
        var name = $"青海基地{Guid.NewGuid():N}"[..12];
        var id = (await centre.PostAsJsonAsync("/api/v1/training-bases", TrainingApi.Base(name, "青海省")).CreatedAsync()).Id();

        var inProvince = await centre.GetFromJsonAsync<JsonElement>("/api/v1/training-bases?province=青海省&kind=university");
        Assert.Contains(inProvince.GetProperty("items").EnumerateArray(), b => b.Id() == id);
        var otherKind = await centre.GetFromJsonAsync<JsonElement>("/api/v1/training-bases?province=青海省&kind=enterprise");
        Assert.DoesNotContain(otherKind.GetProperty("items").EnumerateArray(), b => b.Id() == id);

        await centre.GetAsync("/api/v1/training-bases?kind=castle").ProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task A_province_registers_bases_in_its_own_province_only()
    {
        var gansu = service.ClientFor(Actors.Province("甘肃省"));
        await gansu.PostAsJsonAsync("/api/v1/training-bases", TrainingApi.Base("兰州大学基地", "甘肃省")).CreatedAsync();
        await gansu.PostAsJsonAsync("/api/v1/training-bases", TrainingApi.Base("北京基地", "北京市"))
            .ProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await service.ClientFor(Actors.School()).PostAsJsonAsync("/api/v1/training-bases", TrainingApi.Base())
            .ProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Bad_input_is_a_400_with_every_field_error_and_nothing_is_stored()
    {
        var centre = service.ClientFor(Actors.Centre);
        var before = await Total(centre);
        var problem = await centre.PostAsJsonAsync("/api/v1/training-bases", new { name = "", province = "火星省", city = "", address = new string('路', 301) })
            .ProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        foreach (var field in new[] { "name", "kind", "province", "city", "address" })
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"an error for {field}");
        Assert.Equal(before, await Total(centre));
    }

    [Theory]
    [InlineData("{\"name\": ")]
    [InlineData("{\"name\": \"基地\", \"kind\": \"castle\", \"province\": \"北京市\", \"city\": \"北京\", \"address\": \"路\"}")]
    public async Task Malformed_json_or_an_unknown_kind_is_a_400_and_nothing_is_stored(string json)
    {
        var centre = service.ClientFor(Actors.Centre);
        var before = await Total(centre);
        await centre.PostAsync("/api/v1/training-bases", new StringContent(json, Encoding.UTF8, "application/json"))
            .ProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(before, await Total(centre));
    }

    [Fact]
    public async Task An_unknown_base_is_a_404()
    {
        await service.ClientFor(Actors.Reader).GetAsync($"/api/v1/training-bases/{Guid.NewGuid()}")
            .ProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    private static async Task<long> Total(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/v1/training-bases")).GetProperty("total").GetInt64();
}
