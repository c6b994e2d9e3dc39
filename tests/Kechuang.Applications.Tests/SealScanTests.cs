using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Kechuang.TestKit;
using Npgsql;
using Xunit;

namespace Kechuang.Applications.Tests;

public sealed class SealScanTests(ApplicationsFactory service) : IClassFixture<ApplicationsFactory>
{
    private readonly Guid _organization = Guid.NewGuid();

    private HttpClient Unit => service.ClientFor(Actors.Unit(_organization));

    [Fact]
    public async Task A_pdf_scan_is_stored_with_its_sha256_and_read_back_byte_for_byte()
    {
        var id = await Unit.DraftIdAsync(Api.UnitForm(await service.OpenCallAsync()));

        var uploaded = await Unit.UploadAsync(id, Api.Pdf, "application/pdf");
        Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);
        var body = await uploaded.Content.ReadFromJsonAsync<JsonElement>();
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(Api.Pdf));
        Assert.Equal(sha256, body.GetProperty("sha256").GetString());
        Assert.Equal(Api.Pdf.Length, body.GetProperty("size").GetInt64());
        Assert.Equal("application/pdf", body.GetProperty("contentType").GetString());

        var province = service.ClientFor(Actors.Province("北京市"));
        var download = await province.GetAsync($"/api/v1/applications/{id}/seal-scan");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Api.Pdf, await download.Content.ReadAsByteArrayAsync());

        var application = await Unit.ReadAsync($"/api/v1/applications/{id}");
        Assert.Equal(sha256, application.GetProperty("sealScan").GetProperty("sha256").GetString());
        Assert.Equal(2, application.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task The_bytes_live_in_a_bytea_table_not_in_the_event_json()
    {
        var id = await Unit.DraftIdAsync(Api.UnitForm(await service.OpenCallAsync()));
        Assert.Equal(HttpStatusCode.OK, (await Unit.UploadAsync(id, Api.Png, "image/png")).StatusCode);

        await using var connection = new NpgsqlConnection(service.Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select content, size, content_type from applications.seal_scans where application_id = @id", connection);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(Api.Png, (byte[])reader[0]);
        Assert.Equal(Api.Png.Length, reader.GetInt32(1));
        Assert.Equal("image/png", reader.GetString(2));
        await reader.CloseAsync();

        // The stream records the upload by its hash; no event carries the bytes, in any encoding.
        await using var events = new NpgsqlCommand("select data::text from applications.mt_events where stream_id = @id", connection);
        events.Parameters.AddWithValue("id", id);
        var json = new List<string>();
        await using (var rows = await events.ExecuteReaderAsync())
            while (await rows.ReadAsync()) json.Add(rows.GetString(0));
        Assert.Contains(json, e => e.Contains(Convert.ToHexStringLower(SHA256.HashData(Api.Png)), StringComparison.Ordinal));
        Assert.All(json, e =>
        {
            Assert.DoesNotContain(Convert.ToBase64String(Api.Png), e, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToHexString(Api.Png), e, StringComparison.OrdinalIgnoreCase);
        });
    }

    [Fact]
    public async Task A_text_file_sent_as_a_pdf_is_refused_and_nothing_is_stored()
    {
        var id = await Unit.DraftIdAsync(Api.UnitForm(await service.OpenCallAsync()));
        var text = Encoding.UTF8.GetBytes("这不是PDF，只是改了扩展名的文本文件。");

        var response = await Unit.UploadAsync(id, text, "application/pdf");
        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "file_type_mismatch");

        var jpegAsPng = await Unit.UploadAsync(id, [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3], "image/png");
        await jpegAsPng.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "file_type_mismatch");

        var application = await Unit.ReadAsync($"/api/v1/applications/{id}");
        Assert.Equal(JsonValueKind.Null, application.GetProperty("sealScan").ValueKind);
        Assert.Equal(1, application.GetProperty("version").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, (await Unit.GetAsync($"/api/v1/applications/{id}/seal-scan")).StatusCode);
    }

    [Fact]
    public async Task Another_content_type_is_a_415_and_an_empty_body_a_400()
    {
        var id = await Unit.DraftIdAsync(Api.UnitForm(await service.OpenCallAsync()));
        await (await Unit.UploadAsync(id, Encoding.UTF8.GetBytes("hello"), "text/plain"))
            .AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        await (await Unit.UploadAsync(id, [], "image/jpeg")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task A_scan_of_exactly_10_MiB_is_accepted_and_one_byte_more_is_a_413()
    {
        var id = await Unit.DraftIdAsync(Api.UnitForm(await service.OpenCallAsync()));
        var limit = new byte[10 * 1024 * 1024];
        Api.Pdf.CopyTo(limit, 0);
        Assert.Equal(HttpStatusCode.OK, (await Unit.UploadAsync(id, limit, "application/pdf")).StatusCode);

        var over = new byte[limit.Length + 1];
        Api.Png.CopyTo(over, 0);
        await (await Unit.UploadAsync(id, over, "image/png")).AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        Assert.Equal("application/pdf", (await Unit.ReadAsync($"/api/v1/applications/{id}")).GetProperty("sealScan").GetProperty("contentType").GetString());
    }

    [Fact]
    public async Task Only_those_who_may_see_the_application_get_its_scan()
    {
        var id = await Unit.DraftIdAsync(Api.UnitForm(await service.OpenCallAsync()));
        Assert.Equal(HttpStatusCode.OK, (await Unit.UploadAsync(id, Api.Pdf, "application/pdf")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await service.ClientFor(Actors.Centre).GetAsync($"/api/v1/applications/{id}/seal-scan")).StatusCode);
        await (await service.ClientFor(Actors.Province("上海市")).GetAsync($"/api/v1/applications/{id}/seal-scan"))
            .AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await service.ClientFor(Actors.Unit(Guid.NewGuid())).GetAsync($"/api/v1/applications/{id}/seal-scan"))
            .AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await service.ClientFor(Actors.Unit(Guid.NewGuid())).UploadAsync(id, Api.Pdf, "application/pdf"))
            .AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }
}
