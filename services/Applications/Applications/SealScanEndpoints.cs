using System.Security.Cryptography;
using Kechuang.Applications.Domain;
using Kechuang.BuildingBlocks.Http;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.BuildingBlocks.Persistence;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Kechuang.Applications.Applications;

/// <summary>盖章扫描件: upload the scan of the sealed form (PDF, PNG or JPEG, at most 10 MiB), read it back.</summary>
public static class SealScanEndpoints
{
    public sealed record SealScanView(string Sha256, long Size, string ContentType);

    public static RouteGroupBuilder MapSealScans(this RouteGroupBuilder applications)
    {
        applications.MapPut("/{id:guid}/seal-scan", Upload).RequireRoles(ApplicationRoles.Applicants)
            .Accepts<byte[]>(false, "application/pdf", "image/png", "image/jpeg")
            .WithBodyLimit(SealScanFormat.MaxBytes)
            .WithSummary("Upload the scan of the sealed form as the raw body; its type is checked against its own bytes.");
        applications.MapGet("/{id:guid}/seal-scan", Download).RequireRoles(ApplicationRoles.Readers)
            .Produces<byte[]>(StatusCodes.Status200OK, "application/pdf", "image/png", "image/jpeg");
        return applications;
    }

    private static async Task<Results<Ok<SealScanView>, ValidationProblem, ProblemHttpResult>> Upload(
        Guid id, Actor actor, IfMatch ifMatch, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var current = await session.PeekAsync(id, ct);
        if (current is null || !current.IsEditableBy(actor)) return Problems.NotFound("application");

        var contentType = MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var media) ? media.MediaType.Value ?? "" : "";
        if (!SealScanFormat.IsAccepted(contentType))
            return Problems.Of(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type",
                "A seal scan is a PDF, PNG or JPEG file.",
                $"Send the file as the raw body with Content-Type {string.Join(", ", SealScanFormat.ContentTypes)}.");
        // At most MaxBytes arrive here: the endpoint's body limit answered anything larger with a 413.
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, ct);
        var content = buffer.ToArray();
        if (content.Length == 0) return Problems.Field("body", "is empty: send the scan's bytes as the request body.");
        if (!SealScanFormat.Matches(contentType, content))
            return Problems.Of(StatusCodes.Status415UnsupportedMediaType, "file_type_mismatch",
                "The file is not what its Content-Type says.",
                $"The body does not start like a {contentType} file does; send a real PDF, PNG or JPEG scan.");

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
        var now = clock.GetUtcNow();
        SealScanStore.Queue(session, id, sha256, contentType, content, now);
        var outcome = await session.DecideAsync<Application>(id, ifMatch,
            a => ApplicationRules.UploadSealScan(a, sha256, content.Length, contentType, actor, now), ct, "application");
        return outcome.Respond(http, a => new SealScanView(a.SealScan!.Sha256, a.SealScan.Size, a.SealScan.ContentType));
    }

    private static async Task<IResult> Download(
        Guid id, Actor actor, IDocumentSession session, IDocumentStore store, CancellationToken ct)
    {
        var application = await session.Events.FetchLatest<Application>(id, ct);
        if (application is null || !application.IsVisibleTo(actor)) return Problems.NotFound("application");
        if (application.SealScan is not { } scan) return Problems.NotFound("seal scan");
        var content = await SealScanStore.ReadAsync(store, id, scan.Sha256, ct);
        if (content is null) return Problems.NotFound("seal scan");
        var extension = scan.ContentType switch { "application/pdf" => "pdf", "image/png" => "png", _ => "jpg" };
        return TypedResults.File(content, scan.ContentType, $"seal-scan-{id:N}.{extension}",
            entityTag: new EntityTagHeaderValue($"\"{scan.Sha256}\""));
    }
}
