using System.Net;
using System.Net.Http.Json;
using System.Text;
using Kechuang.TestKit;
using Xunit;

namespace Kechuang.Experts.Tests;

/// <summary>
/// The nil id (00000000-0000-0000-0000-000000000000) is a record that does not exist: 404
/// problem+json with code not_found, for reads, histories and writes alike, never a 500.
/// </summary>
public sealed class NilIdTests(ExpertsFactory service) : IClassFixture<ExpertsFactory>
{
    [Theory]
    [InlineData("GET", "/api/v1/experts/{id}", null)]
    [InlineData("GET", "/api/v1/experts/{id}/history", null)]
    [InlineData("GET", "/api/v1/visit-requests/{id}/history", null)]
    [InlineData("POST", "/api/v1/experts/{id}/vetting", """{"decision":"reject"}""")]
    [InlineData("GET", "/api/v1/visit-requests/{id}/candidates", null)]
    public async Task The_nil_id_is_404_not_found(string method, string path, string? body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{id}", Guid.Empty.ToString(), StringComparison.Ordinal));
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        var response = await service.ClientFor(Actors.Centre).SendAsync(request);

        Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("not_found", (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("code").GetString());
    }
}
