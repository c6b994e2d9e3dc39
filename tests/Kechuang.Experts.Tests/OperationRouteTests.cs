using System.Net;
using System.Net.Http.Json;
using Kechuang.ServiceDefaults.Telemetry;
using Xunit;

namespace Kechuang.Experts.Tests;

/// <summary>The service names the operation it ran, in the contract's spelling, for the gateway's span.</summary>
public sealed class OperationRouteTests(ExpertsFactory service) : IClassFixture<ExpertsFactory>
{
    private readonly ExpertsApi _api = new(service);

    [Fact]
    public async Task A_vetting_answers_with_its_route_template_without_constraints()
    {
        var id = await _api.RegisterAsync(ExpertsApi.ExpertBody());

        var vetted = await _api.Centre.PostAsJsonAsync($"/api/v1/experts/{id}/vetting", new { decision = "approve" },
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, vetted.StatusCode);
        Assert.Equal("/api/v1/experts/{id}/vetting", Assert.Single(vetted.Headers.GetValues(OperationRoute.Header)));
    }

    [Theory]
    [InlineData("/api/v1/experts/{id:guid}/vetting", "/api/v1/experts/{id}/vetting")]
    [InlineData("/api/v1/experts/{**rest}", "/api/v1/experts/{rest}")]
    [InlineData("/api/v1/calls/{id:guid}/history/{page:int=1}", "/api/v1/calls/{id}/history/{page}")]
    [InlineData("/api/v1/calls", "/api/v1/calls")]
    public void A_route_pattern_is_written_as_the_contract_writes_it(string pattern, string template) =>
        Assert.Equal(template, OperationRoute.Template(pattern));
}
