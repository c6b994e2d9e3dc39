using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace Kechuang.Gateway.Tests;

/// <summary>Rules of the contract (API.md) the gateway answers itself: the reference page, a webhook by id, times with an offset.</summary>
public sealed class ContractTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private const string IsoWithOffset = @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$";

    [Fact]
    public async Task The_docs_page_answers_with_the_API_reference_page()
    {
        var docs = await gateway.CreateClient().GetAsync("/docs");
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Equal("text/html", docs.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Kechuang API v1", await docs.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_webhook_is_read_by_id_with_its_creation_time_as_ISO_8601_with_an_offset()
    {
        var admin = gateway.Admin();
        var created = await admin.PostAsJsonAsync("/api/v1/webhooks", new { url = "http://127.0.0.1:9/kechuang", eventTypes = new[] { "pilot-designated" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var read = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/webhooks/{id}");
        Assert.Equal((id, "active"), (read.GetProperty("id").GetGuid(), read.GetProperty("status").GetString()));
        Assert.Equal(["pilot-designated"], read.GetProperty("eventTypes").EnumerateArray().Select(t => t.GetString()));
        Assert.Matches(IsoWithOffset, read.GetProperty("createdAt").GetString());
        var missing = await admin.GetAsync($"/api/v1/webhooks/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("not_found", (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }
}
