using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kechuang.TestKit;
using Xunit;

namespace Kechuang.EndToEnd.Tests;

/// <summary>
/// What an operator searches for in the dashboard: the whole system exports its traces over OTLP
/// (to <see cref="OtlpTraceReceiver"/>), and a vetting is found by its route name.
/// </summary>
public sealed class TracesTests(SystemFixture system)
{
    private const string VettingRoute = "POST /api/v1/experts/{id}/vetting";
    private const string EventBridgeShard = "integration-events"; // the event bridge's subscription
    private const string CoverageProjection = "county-coverage";

    [Fact]
    public async Task The_whole_trace_of_a_vetting_is_found_by_its_route_name()
    {
        var centre = await system.ClientAsync("centre");
        var registered = await centre.PostAsJsonAsync("/api/v1/experts", new
        {
            name = "杨振华", affiliation = "云南大学物理与天文学院", title = "研究员", category = "researcher",
            disciplines = new[] { "天文学" }, topics = new[] { "physics" }, provinces = new[] { "云南省" },
            phone = "0871-65033559", email = "yang@ynu.example.cn", bio = "长期参与科普报告汇。", maxVisitsPerMonth = 4, trainer = true,
        }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var expertId = (await registered.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetGuid();

        var province = await system.ClientAsync("province", "云南省");
        var vetted = await province.PostAsJsonAsync($"/api/v1/experts/{expertId}/vetting", new { decision = "approve", comment = "同意入库" },
            TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, vetted.StatusCode);

        var gatewaySpan = await Eventually.Until(() => Task.FromResult(system.Traces.Spans().FirstOrDefault(s =>
                s.Service == "gateway" && s.Kind == OtlpTraceReceiver.ServerKind && s.Name == VettingRoute
                && s.Attributes.GetValueOrDefault("url.path") == $"/api/v1/experts/{expertId}/vetting")),
            s => s is not null, TimeSpan.FromSeconds(30), "the gateway's span is named by the service's route");
        Assert.Equal(VettingRoute[5..], gatewaySpan!.Attributes["http.route"]);

        // Each process exports in batches of its own: every part is waited for, none assumed.
        await Eventually.Until(() => Task.FromResult(system.Traces.Spans().Where(s => s.TraceId == gatewaySpan.TraceId).ToList()),
            spans => spans.Any(s => s.Service == "experts" && s.Kind == OtlpTraceReceiver.ServerKind && s.Name == VettingRoute)
                && spans.Any(s => s.Service == "experts" && s.Name == "ExpertVetted bridge")
                && spans.Any(s => s.Service == "experts" && s.Kind == OtlpTraceReceiver.ProducerKind)
                && spans.Any(s => s.Service == "training" && s.Kind == OtlpTraceReceiver.ConsumerKind)
                && spans.Any(s => s.Service == "gateway" && s.Kind == OtlpTraceReceiver.ConsumerKind),
            TimeSpan.FromSeconds(30),
            "the vetting's trace holds the Experts span of its route, the bridge, the publish, and the gateway recorder's and Training's consumers");

        // The daemon's page that published the vetting is a trace of its own, linked to the vetting's.
        var page = await Eventually.Until(() => Task.FromResult(system.Traces.Spans().FirstOrDefault(s =>
                s.Service == "experts" && s.Name.EndsWith(".page.execution", StringComparison.Ordinal) && s.LinkedTraceIds.Contains(gatewaySpan.TraceId))),
            s => s is not null, TimeSpan.FromSeconds(30), "the bridge's page links to the request that appended the event");
        Assert.NotEqual(gatewaySpan.TraceId, page!.TraceId);
        Assert.Contains(EventBridgeShard, page.Name);
    }

    [Fact]
    public async Task A_projection_advanced_by_a_request_links_its_page_to_that_requests_trace()
    {
        // The caller starts the trace, so its id is known before anything is exported.
        var traceId = ActivityTraceId.CreateRandom();
        var province = await system.ClientAsync("province", "贵州省");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/stations")
        {
            Content = JsonContent.Create(new
            {
                name = "朗德村乡村科教服务站", province = "贵州省", city = "黔东南苗族侗族自治州", county = $"雷山县{Guid.NewGuid():N}"[..11],
                address = "朗德镇上郎德村", hostOrganization = "雷山县科学技术协会",
            }),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        Assert.Equal(HttpStatusCode.Created, (await province.SendAsync(request, TestContext.Current.CancellationToken)).StatusCode);

        var page = await Eventually.Until(() => Task.FromResult(system.Traces.Spans().FirstOrDefault(s =>
                s.Service == "outreach" && s.Name.Contains(CoverageProjection, StringComparison.Ordinal)
                && s.Name.EndsWith(".page.execution", StringComparison.Ordinal) && s.LinkedTraceIds.Contains(traceId.ToHexString()))),
            s => s is not null, TimeSpan.FromSeconds(30), "the coverage projection's page links to the request that set up the station");
        Assert.NotEqual(traceId.ToHexString(), page!.TraceId);
        Assert.Equal("", page.ParentSpanId);
    }
}
