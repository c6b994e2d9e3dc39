using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kechuang.BuildingBlocks.Http;
using Xunit;

namespace Kechuang.Gateway.Tests;

/// <summary>A problem's type is a page of ours that explains its code.</summary>
public sealed class ProblemPagesTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    [Fact]
    public async Task A_problem_answer_links_to_the_page_of_its_code_which_explains_it_in_Chinese_and_English()
    {
        var refused = await gateway.CreateClient().GetAsync("/api/v1/api-keys", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var type = problem.GetProperty("type").GetString()!;
        Assert.Equal("/docs/problems/unauthenticated", type);

        var page = await gateway.CreateClient().GetAsync(type, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("没有凭据", html);
        Assert.Contains("No credentials", html);
    }

    [Fact]
    public async Task Every_code_has_a_page_the_index_lists_them_all_and_an_unknown_code_is_a_404()
    {
        var client = gateway.CreateClient();
        var index = await client.GetStringAsync("/docs/problems", TestContext.Current.CancellationToken);
        foreach (var entry in ProblemCatalog.All)
        {
            Assert.Contains($"href=\"/docs/problems/{entry.Code}\"", index);
            var page = await client.GetAsync(ProblemCatalog.TypeFor(entry.Code), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }
        var unknown = await client.GetAsync("/docs/problems/no_such_code", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("not_found", (await unknown.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("code").GetString());
    }
}
