using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Xunit;

namespace Kechuang.TestKit;

/// <summary>
/// The nil id (00000000-0000-0000-0000-000000000000) is a record that does not exist: 404
/// problem+json with code not_found, for reads, histories and writes alike, never a 500.
/// </summary>
public static class NilIds
{
    /// <summary>Sends <paramref name="method"/> <paramref name="path"/> with the nil id for <c>{id}</c> and checks the 404 not_found problem.</summary>
    public static async Task AssertNilIdNotFoundAsync(this HttpClient client, string method, string path, string? body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{id}", Guid.Empty.ToString(), StringComparison.Ordinal));
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        var response = await client.SendAsync(request);

        Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("not_found", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }
}
