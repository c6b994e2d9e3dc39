using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace Kechuang.TestKit;

/// <summary>
/// How the version tests read a record's version: from its ETag, which must equal the view's
/// <c>version</c>, and from a list, where the record must appear once.
/// </summary>
public static class Versions
{
    /// <summary>GETs <paramref name="path"/> (200) and returns its version, checking the ETag carries the same number.</summary>
    public static async Task<long> ETagVersionAsync(this HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var version = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt64();
        Assert.Equal($"\"{version}\"", response.Headers.ETag?.Tag);
        return version;
    }

    /// <summary>The version of the one item with <paramref name="id"/> in the page <paramref name="list"/> answers.</summary>
    public static async Task<long> ListedVersionAsync(this HttpClient client, string list, Guid id) =>
        Assert.Single((await client.GetFromJsonAsync<JsonElement>(list)).GetProperty("items").EnumerateArray(),
            i => i.GetProperty("id").GetGuid() == id).GetProperty("version").GetInt64();
}
