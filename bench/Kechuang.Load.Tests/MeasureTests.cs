using Kechuang.Load.Http;
using Kechuang.Load.Measure;
using Xunit;

namespace Kechuang.Load.Tests;

/// <summary>The harness's pure parts: how it ranks latencies and names routes.</summary>
public sealed class MeasureTests
{
    [Fact]
    public void Percentiles_are_nearest_rank()
    {
        var samples = Enumerable.Range(1, 100).Select(i => (double)(101 - i)).ToList();

        var (p50, p95, p99) = Percentiles.Summary(samples);

        Assert.Equal((50, 95, 99), (p50, p95, p99));
        Assert.Equal(7, Percentiles.Of([7], 99));
        Assert.Equal(0, Percentiles.Of([], 50));
    }

    [Theory]
    [InlineData("GET", "/api/v1/applications/3f2504e0-4f89-11d3-9a0c-0305e82c3301", "GET /api/v1/applications/{id}")]
    [InlineData("POST", "/api/v1/visit-requests/3f2504e0-4f89-11d3-9a0c-0305e82c3301/assignment", "POST /api/v1/visit-requests/{id}/assignment")]
    [InlineData("GET", "/api/v1/resources?q=%E6%9C%BA%E5%99%A8%E4%BA%BA&pageSize=20", "GET /api/v1/resources?q&pageSize")]
    [InlineData("GET", "/api/v1/applications?q=实验小学", "GET /api/v1/applications?q")]
    [InlineData("GET", "/api/v1/certificates/KC-2222-3333-4444-5555-6666", "GET /api/v1/certificates/{code}")]
    [InlineData("GET", "/api/v1/case-collections/2022", "GET /api/v1/case-collections/{year}")]
    [InlineData("GET", "/api/v1/calls", "GET /api/v1/calls")]
    public void Routes_are_named_by_their_template(string method, string path, string route) =>
        Assert.Equal(route, RouteTemplate.Of(method, path));

    [Theory]
    [InlineData("/api/v1/certificates/KC-1", "training")]
    [InlineData("/api/v1/applications?q=x", "applications")]
    [InlineData("/api/v1/visit-requests/3f2504e0-4f89-11d3-9a0c-0305e82c3301", "experts")]
    [InlineData("/api/v1/coverage?level=province", "outreach")]
    [InlineData("/api/v1/resources", "resources")]
    public void Direct_calls_go_to_the_service_that_owns_the_collection(string path, string service) =>
        Assert.Equal(service, DirectTarget.OwnerOf(path));

    [Fact]
    public void Direct_calls_follow_the_gateway_s_routing_table()
    {
        foreach (var (service, collections) in Gateway.Routing.ServiceRoutes.CollectionsByService)
            foreach (var collection in collections)
                Assert.Equal(service, DirectTarget.OwnerOf($"/api/v1/{collection}"));
    }

    [Theory]
    [InlineData("rabbitmq,postgres", true)]
    [InlineData("service", true)]
    [InlineData("rabit", false)]
    [InlineData("", false)]
    public void Only_known_faults_are_accepted(string faults, bool accepted)
    {
        var parse = () => Options.Parse(["faults", "--faults", faults]);
        if (accepted) Assert.Equal(faults.Split(','), parse().Faults);
        else Assert.Throws<ArgumentException>(parse);
    }

    [Fact]
    public void A_recorder_counts_unexpected_answers_as_errors_and_429s_apart()
    {
        var recorder = new Recorder();
        recorder.Record("GET /x", 200, 5, expected: true);
        recorder.Record("GET /x", 404, 6, expected: true);
        recorder.Record("GET /x", 500, 7, expected: false);
        recorder.Record("GET /x", 429, 8, expected: false);
        recorder.Record("GET /x", Recorder.TransportError, 9, expected: false);
        recorder.Stop();

        var stats = Assert.Single(recorder.Routes());

        Assert.Equal((5L, 2L, 2L, 1L), (stats.Requests, stats.Errors, stats.ServerErrors, stats.TooMany));
    }
}
