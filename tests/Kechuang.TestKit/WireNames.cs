using System.Globalization;
using System.Net;
using System.Text.Json;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Http;
using Xunit;

namespace Kechuang.TestKit;

/// <summary>
/// Pins how the API spells an enum (../shared/API.md: kebab-case strings), in both directions and
/// on every path that carries it: <see cref="ApiEnum"/> (query strings, messages, metrics,
/// integration events) and JSON bodies (<see cref="Json.Options"/>).
/// </summary>
public static class WireNames
{
    /// <summary>
    /// Every value of <typeparamref name="T"/> is named, in declaration order, with exactly this text;
    /// the text reads back as the value; the .NET name and the number do not.
    /// </summary>
    public static void AreExactly<T>(params (T Value, string Text)[] expected) where T : struct, Enum
    {
        Assert.Equal(Enum.GetValues<T>(), expected.Select(e => e.Value));
        foreach (var (value, text) in expected)
        {
            Assert.Equal(text, ApiEnum.Name(value));
            Assert.True(ApiEnum.TryParse<T>(text, out var parsed), $"{text} reads as a {typeof(T).Name}");
            Assert.Equal(value, parsed);
            Assert.Equal($"\"{text}\"", JsonSerializer.Serialize(value, Json.Options));
            Assert.Equal(value, JsonSerializer.Deserialize<T>($"\"{text}\"", Json.Options));
            Assert.False(ApiEnum.TryParse<T>(value.ToString(), out _), $"the .NET name {value} is not API text");
            Assert.False(ApiEnum.TryParse<T>(Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture), out _));
        }
        Assert.False(ApiEnum.TryParse<T>(expected[0].Text.ToUpperInvariant(), out _), "names are case-sensitive");
        Assert.Equal(string.Join(", ", expected.Select(e => e.Text)), ApiEnum.Names<T>());
    }

    /// <summary>
    /// A GET whose query holds bad values is a 400 <c>validation_failed</c> naming each field with
    /// exactly the message given (for an enum: <see cref="OneOf"/>).
    /// </summary>
    public static async Task AssertRefusedAsync(HttpClient client, string url, params (string Field, string Message)[] expected)
    {
        var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"GET {url}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonSerializer.Deserialize<JsonElement>(body);
        Assert.Equal(Problems.ValidationFailed, problem.GetProperty("code").GetString());
        var errors = problem.GetProperty("errors");
        Assert.Equal(expected.Select(e => e.Field).Order(StringComparer.Ordinal),
            errors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        foreach (var (field, message) in expected)
            Assert.Equal([message], errors.GetProperty(field).EnumerateArray().Select(m => m.GetString()));
    }

    /// <summary>The field error of a value that is none of the names: <c>must be one of: a, b, c.</c></summary>
    public static string OneOf(params string[] names) => $"must be one of: {string.Join(", ", names)}.";
}
