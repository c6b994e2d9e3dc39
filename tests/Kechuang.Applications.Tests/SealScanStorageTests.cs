using System.Net;
using System.Security.Cryptography;
using Kechuang.TestKit;
using Npgsql;
using Xunit;

namespace Kechuang.Applications.Tests;

/// <summary>Replaced scans do not pile up: a draft stores one, and only scans a submission named outlive their replacement.</summary>
public sealed class SealScanStorageTests(ApplicationsFactory service) : IClassFixture<ApplicationsFactory>
{
    private readonly Guid _organization = Guid.NewGuid();

    private HttpClient Unit => service.ClientFor(Actors.Unit(_organization));

    [Fact]
    public async Task Scans_replaced_while_a_draft_are_deleted_and_the_last_one_is_read_back()
    {
        var id = await Unit.DraftIdAsync(Api.UnitForm(await service.OpenCallAsync()));
        var scans = Enumerable.Range(0, 4).Select(Scan).ToList();
        foreach (var scan in scans) Assert.Equal(HttpStatusCode.OK, (await Unit.UploadAsync(id, scan, "application/pdf")).StatusCode);

        Assert.Equal([Sha(scans[^1])], await StoredAsync(id));
        Assert.Equal(scans[^1], await (await Unit.GetAsync($"/api/v1/applications/{id}/seal-scan")).Content.ReadAsByteArrayAsync());

        // The same file again keeps its one row.
        Assert.Equal(HttpStatusCode.OK, (await Unit.UploadAsync(id, scans[^1], "application/pdf")).StatusCode);
        Assert.Equal([Sha(scans[^1])], await StoredAsync(id));
    }

    [Fact]
    public async Task A_refused_upload_deletes_nothing()
    {
        var id = await Unit.DraftIdAsync(Api.UnitForm(await service.OpenCallAsync()));
        Assert.Equal(HttpStatusCode.OK, (await Unit.UploadAsync(id, Api.Pdf, "application/pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Unit.SubmitAsync(id)).StatusCode);

        // Submitted: no longer open for changes, so the new scan is refused and the stored one stays.
        await (await Unit.UploadAsync(id, Scan(9), "application/pdf")).AssertProblemAsync(HttpStatusCode.Conflict, "invalid_state");
        Assert.Equal([Sha(Api.Pdf)], await StoredAsync(id));
    }

    [Fact]
    public async Task The_scan_a_submission_named_outlives_a_new_upload_after_return_whose_own_replacements_are_deleted()
    {
        var id = await Unit.DraftIdAsync(Api.UnitForm(await service.OpenCallAsync()));
        var draftScan = Scan(1);
        var submittedScan = Scan(2);
        Assert.Equal(HttpStatusCode.OK, (await Unit.UploadAsync(id, draftScan, "application/pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Unit.UploadAsync(id, submittedScan, "application/pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Unit.SubmitAsync(id)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await service.ClientFor(Actors.Province("北京市")).RecommendAsync(id, "return", "请补充")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await Unit.UploadAsync(id, Scan(3), "application/pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Unit.UploadAsync(id, Scan(4), "application/pdf")).StatusCode);

        Assert.Equal(new[] { Sha(submittedScan), Sha(Scan(4)) }.Order(), await StoredAsync(id));
    }

    private static byte[] Scan(int n) => [.. Api.Pdf, .. System.Text.Encoding.ASCII.GetBytes($"% scan {n}\n")];

    private static string Sha(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    private async Task<List<string>> StoredAsync(Guid id)
    {
        await using var connection = new NpgsqlConnection(service.Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select sha256 from applications.seal_scans where application_id = @id order by sha256", connection);
        command.Parameters.AddWithValue("id", id);
        var stored = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) stored.Add(reader.GetString(0));
        return stored;
    }
}
