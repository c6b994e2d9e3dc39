using Kechuang.BuildingBlocks.Http;
using Kechuang.Training.Domain;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kechuang.Training.ReadModels;

/// <summary>Public verification of a certificate by its code: anyone, no key.</summary>
public static class CertificateEndpoints
{
    public sealed record CertificateView(
        string Code, string Holder, CertificateKind Kind, string Title, CertificationLevel? Level, DateTimeOffset IssuedAt, bool Valid)
    {
        public static CertificateView From(Certificate c) => new(c.Id, c.Holder, c.Kind, c.Title, c.Level, c.IssuedAt, c.Valid);
    }

    public static RouteGroupBuilder MapCertificates(this RouteGroupBuilder api)
    {
        api.MapGroup("/certificates").WithTags("Certificates")
            .MapGet("/{code}", Verify).AllowAnonymous()
            .WithSummary("Verifies a certificate code (case and dashes do not matter); an unknown code is a 404.");
        return api;
    }

    private static async Task<Results<Ok<CertificateView>, ProblemHttpResult>> Verify(
        string code, IQuerySession session, CancellationToken ct)
    {
        if (CertificateCode.Normalize(code) is not { } canonical) return Problems.NotFound("certificate");
        var certificate = await session.LoadAsync<Certificate>(canonical, ct);
        return certificate is null ? Problems.NotFound("certificate") : TypedResults.Ok(CertificateView.From(certificate));
    }
}
