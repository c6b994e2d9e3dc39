using System.Diagnostics;
using System.Net;
using Kechuang.ServiceDefaults.Telemetry;
using Kechuang.TestKit;
using Xunit;

namespace Kechuang.Gateway.Tests;

/// <summary>
/// The gateway's request span carries the operation the service ran, not YARP's catch-all, so an
/// operator finds a vetting by searching for its route.
/// </summary>
public sealed class OperationRouteTests(StubbedGateway gateway) : IClassFixture<StubbedGateway>
{
    private async Task<Activity> GatewaySpanAsync(string path) =>
        (await Eventually.Until(
            () => Task.FromResult(gateway.Spans.ToList().FirstOrDefault(a =>
                a.Kind == ActivityKind.Server && a.Source.Name == "Microsoft.AspNetCore" && a.Parent is null && a.ParentSpanId == default && Equals(a.GetTagItem("url.path"), path))),
            a => a is not null, because: "the gateway exported the request's span"))!;

    [Fact]
    public async Task The_gateway_span_is_named_by_the_services_route_and_the_route_header_stays_inside()
    {
        var path = $"/api/v1/experts/{Guid.NewGuid()}/vetting";
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Add(ServiceStub.RouteHeader, "/api/v1/experts/{id}/vetting");
        var response = await gateway.Admin().SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains(OperationRoute.Header));
        var span = await GatewaySpanAsync(path);
        Assert.Equal("POST /api/v1/experts/{id}/vetting", span.DisplayName);
        Assert.Equal("/api/v1/experts/{id}/vetting", span.GetTagItem("http.route"));
    }

    [Fact]
    public async Task Without_a_route_from_the_service_the_span_keeps_the_gateways_own_route()
    {
        var path = $"/api/v1/experts/{Guid.NewGuid()}";
        var response = await gateway.Admin().GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var span = await GatewaySpanAsync(path);
        Assert.StartsWith("GET /api/v1/experts/", span.DisplayName);
        Assert.Equal(span.DisplayName["GET ".Length..], span.GetTagItem("http.route"));
    }
}
