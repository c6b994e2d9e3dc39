using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kechuang.TestKit;
using Xunit;

namespace Kechuang.Experts.Tests;

/// <summary>A list shows each visit request at the version its ETag carries: its stream's, one per event.</summary>
public sealed class VersionTests(ExpertsFactory service) : IClassFixture<ExpertsFactory>
{
    private readonly ExpertsApi _api = new(service);

    [Fact]
    public async Task A_confirmed_visit_is_at_version_3_in_its_ETag_and_in_the_list()
    {
        var expert = await _api.RegisterApprovedAsync(ExpertsApi.ExpertBody());
        var (visit, _) = await _api.RequestAsync();
        var start = _api.MonthStart.AddHours(1);
        Assert.Equal(HttpStatusCode.OK, (await _api.AssignAsync(visit, expert, start, start.AddMinutes(90))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _api.RespondAsync(visit, expert, accept: true)).StatusCode);

        Assert.Equal(3, await _api.Centre.ETagVersionAsync($"/api/v1/visit-requests/{visit}"));
        Assert.Equal(3, await _api.Centre.ListedVersionAsync($"/api/v1/visit-requests?expertId={expert}&pageSize=200", visit));
    }
}
