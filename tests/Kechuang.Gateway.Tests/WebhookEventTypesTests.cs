using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kechuang.Gateway.Feed;
using Xunit;

namespace Kechuang.Gateway.Tests;

/// <summary>A webhook's event types: known ones, each once, no more than the catalogue holds.</summary>
public sealed class WebhookEventTypesTests(WebhookFactory gateway) : IClassFixture<WebhookFactory>
{
    private readonly WebhookScenario _scenario = new(gateway);

    public static TheoryData<string, string[], string> Refused() => new()
    {
        { "more than the catalogue", Enumerable.Repeat("pilot-designated", EventCatalog.Types.Count + 1).ToArray(), "eventTypes" },
        { "5,000 unknown types", Enumerable.Range(0, 5000).Select(i => $"x-{i}").ToArray(), "eventTypes" },
        { "a type listed twice", ["pilot-designated", "resource-published", "pilot-designated"], "eventTypes[2]" },
        { "an unknown type", ["pilot-designated", "no-such-event"], "eventTypes[1]" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_registration_with_unbounded_duplicate_or_unknown_event_types_is_a_400_naming_the_field(string _, string[] eventTypes, string field)
    {
        var partner = await _scenario.Partner("centre");
        var response = await partner.PostAsJsonAsync("/api/v1/webhooks", new { url = "http://127.0.0.1:9/hook", eventTypes },
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        var errors = problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToList();
        Assert.Equal([field], errors);
    }

    [Fact]
    public async Task Every_type_of_the_catalogue_once_is_accepted()
    {
        var admin = await _scenario.Partner("admin");
        var response = await admin.PostAsJsonAsync("/api/v1/webhooks", new { url = "http://127.0.0.1:9/hook", eventTypes = EventCatalog.Types },
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(EventCatalog.Types, created.GetProperty("eventTypes").EnumerateArray().Select(t => t.GetString()!).ToList());
    }
}
