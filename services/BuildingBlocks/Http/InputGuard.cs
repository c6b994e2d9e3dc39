using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Kechuang.BuildingBlocks.Http;

/// <summary>
/// Hostile input stops here, before any endpoint, in the gateway and in every service:
/// control characters in the path or the query (a 400 naming the parameter), a JSON body in
/// a charset other than UTF-8 (a 415; every spelling of <c>utf-8</c> is accepted and passed on
/// as plain <c>application/json</c>), a JSON body that is not UTF-8, nests deeper than
/// <see cref="MaxDepth"/> or holds an array of more than <see cref="MaxArrayItems"/> items
/// (a 400), or one larger than <see cref="JsonBodyLimit"/> (a 413). Only the API (<c>/api</c>) is
/// guarded; the dashboard's pages behind the gateway answer their own way.
/// </summary>
public sealed class InputGuard(RequestDelegate next)
{
    public const long JsonBodyLimit = 1024 * 1024;
    public const int MaxDepth = 32;
    public const int MaxArrayItems = 1000;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public async Task InvokeAsync(HttpContext http)
    {
        if (!http.Request.Path.StartsWithSegments("/api"))
        {
            await next(http);
            return;
        }
        if (ControlCharacterIn(http.Request) is { } parameter)
        {
            await Problems.Field(parameter, "must not contain control characters.").ExecuteAsync(http);
            return;
        }
        if (JsonMediaType(http.Request) is { } mediaType)
        {
            if (mediaType.Charset.HasValue && !IsUtf8(mediaType.Charset))
            {
                await Problems.Of(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type",
                    "Send the body as application/json in UTF-8.",
                    $"The charset '{mediaType.Charset}' is not supported; send charset=utf-8 or none.").ExecuteAsync(http);
                return;
            }
            if (mediaType.Charset.HasValue)
            {
                mediaType.Charset = StringSegment.Empty;
                http.Request.ContentType = mediaType.MediaType.Value;
            }
            if (HasBody(http.Request) && await ReadBodyAsync(http) is { } problem)
            {
                await problem.ExecuteAsync(http);
                return;
            }
        }
        await next(http);
    }

    /// <summary>Every spelling RFC 9110 allows for UTF-8: any case, quoted or not, and its IANA alias.</summary>
    public static bool IsUtf8(StringSegment charset)
    {
        var value = HeaderUtilities.RemoveQuotes(charset.Trim());
        return value.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || value.Equals("csUTF8", StringComparison.OrdinalIgnoreCase);
    }

    private static string? ControlCharacterIn(HttpRequest request)
    {
        if (HasControl(request.Path.Value)) return "path";
        foreach (var (name, values) in request.Query)
        {
            if (HasControl(name)) return "query";
            foreach (var value in values)
                if (HasControl(value)) return name;
        }
        return null;
    }

    private static bool HasControl(string? value)
    {
        if (value is null) return false;
        foreach (var c in value)
            if (RequestJson.IsControl(c)) return true;
        return false;
    }

    private static MediaTypeHeaderValue? JsonMediaType(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)) return null;
        var type = mediaType.MediaType;
        return type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase) ? mediaType : null;
    }

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || request.ContentLength is null && request.Headers.TransferEncoding.Count > 0;

    /// <summary>Buffers the body (bounded), checks it, and leaves it for the endpoint to read again.</summary>
    private static async Task<IResult?> ReadBodyAsync(HttpContext http)
    {
        var request = http.Request;
        if (request.ContentLength > JsonBodyLimit) return TooLarge();
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
        {
            if (buffer.Length + read > JsonBodyLimit) return TooLarge();
            buffer.Write(chunk, 0, read);
        }
        buffer.Position = 0;
        request.Body = buffer;
        http.Response.RegisterForDispose(buffer);
        return Check(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)) is { } error
            ? Problems.Field(error.Field, error.Message)
            : null;
    }

    private static IResult TooLarge() =>
        Problems.Of(StatusCodes.Status413PayloadTooLarge, "payload_too_large", "The request body is too large.",
            $"At most {JsonBodyLimit / 1024} KiB of JSON.");

    /// <summary>UTF-8 throughout (property names too), bounded depth and arrays; null when the body passes.</summary>
    internal static (string Field, string Message)? Check(ReadOnlySpan<byte> body)
    {
        try
        {
            StrictUtf8.GetCharCount(body);
        }
        catch (DecoderFallbackException)
        {
            return ("$", "The body is not valid UTF-8.");
        }

        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = MaxDepth + 1 });
        var counts = new Stack<(string Path, int Items)>();
        var property = "$";
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        property = reader.GetString()!;
                        continue;
                    case JsonTokenType.StartArray:
                        Count(counts);
                        counts.Push((property, 0));
                        break;
                    case JsonTokenType.StartObject:
                        Count(counts);
                        counts.Push(("", -1));
                        break;
                    case JsonTokenType.EndArray or JsonTokenType.EndObject:
                        counts.Pop();
                        break;
                    default:
                        Count(counts);
                        break;
                }
                if (reader.CurrentDepth >= MaxDepth)
                    return ("$", $"The body nests deeper than {MaxDepth} levels.");
                if (counts.TryPeek(out var top) && top.Items > MaxArrayItems)
                    return (top.Path, $"must have at most {MaxArrayItems} items.");
            }
        }
        catch (JsonException)
        {
            return ("$", "The body is not valid JSON.");
        }
        catch (InvalidOperationException)
        {
            return ("$", "The body is not valid JSON.");
        }
        return null;
    }

    private static void Count(Stack<(string Path, int Items)> counts)
    {
        if (counts.TryPeek(out var top) && top.Items >= 0)
        {
            counts.Pop();
            counts.Push((top.Path, top.Items + 1));
        }
    }
}
