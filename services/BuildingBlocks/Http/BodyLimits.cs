using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Kechuang.BuildingBlocks.Http;

/// <summary>The most bytes an endpoint reads from a request body.</summary>
public sealed record BodyLimit(long Bytes);

/// <summary>
/// Per-endpoint request body limits, answered as 413 <c>payload_too_large</c> before the endpoint
/// binds anything. Kestrel's own limit feature is not used for this: not every server has it (the
/// test host does not), and a body cut off mid-read by it would reach the endpoint as an
/// unreadable body rather than a 413.
/// </summary>
public static class BodyLimits
{
    public static TBuilder WithBodyLimit<TBuilder>(this TBuilder builder, long bytes) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new BodyLimit(bytes));

    public static WebApplication UseEndpointBodyLimits(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            if (http.GetEndpoint()?.Metadata.GetMetadata<BodyLimit>() is { } limit)
            {
                if (http.Request.ContentLength > limit.Bytes) throw TooLarge(limit);
                if (http.Request.ContentLength is null && http.Request.Body.CanRead)
                    http.Request.Body = await BufferAtMostAsync(http.Request.Body, limit, http.RequestAborted);
            }
            await next(http);
        });
        return app;
    }

    /// <summary>A body of unannounced length is read up to the limit, so it cannot grow past it unseen.</summary>
    private static async Task<Stream> BufferAtMostAsync(Stream body, BodyLimit limit, CancellationToken ct)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[16384];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit.Bytes) throw TooLarge(limit);
            buffer.Write(chunk, 0, read);
        }
        buffer.Position = 0;
        return buffer;
    }

    private static BadHttpRequestException TooLarge(BodyLimit limit) =>
        new($"The request body is larger than {limit.Bytes} bytes.", StatusCodes.Status413PayloadTooLarge);
}
