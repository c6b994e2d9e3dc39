using Kechuang.BuildingBlocks.Domain;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kechuang.Resources.Domain;
using Kechuang.Resources.ReadModels;
using Kechuang.TestKit;
using Xunit;

namespace Kechuang.Resources.Tests;

/// <summary>The resources service with 1,000 generated resources in its catalogue, and nothing else.</summary>
public sealed class CatalogueFactory : ServiceFactory<ResourcesService.Marker>
{
    public CatalogueFactory() : base(ResourcesService.Name)
    {
    }

    internal IReadOnlyList<GeneratedResource> Resources { get; private set; } = [];

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Resources = GeneratedCatalogue.Create(1_000, Clock.GetUtcNow());
        await GeneratedCatalogue.SeedAsync(Services, Resources);
    }
}

public sealed class CatalogueSearchTests(CatalogueFactory catalogue) : IClassFixture<CatalogueFactory>
{
    private readonly HttpClient _reader = catalogue.ClientFor(Actors.Reader);

    private IEnumerable<GeneratedResource> Published => catalogue.Resources.Where(r => r.Status == ResourceStatus.Published);

    [Fact]
    public async Task Robot_finds_the_introduction_to_intelligent_robots()
    {
        var page = await SearchAsync("q=机器人&pageSize=200");
        var expected = catalogue.Resources.Single(r => r.Content.Title == "智能机器人入门");
        Assert.Contains(page.GetProperty("items").EnumerateArray(), i => i.Id() == expected.Id);
    }

    [Fact]
    public async Task Any_substring_of_two_or_more_characters_finds_exactly_the_resources_that_contain_it()
    {
        var random = new Random(54);
        var published = Published.ToList();
        for (var i = 0; i < 30; i++)
        {
            var source = published[random.Next(published.Count)];
            var text = random.Next(2) == 0 ? source.Content.Title : source.Content.Summary;
            var length = random.Next(2, 6);
            var start = random.Next(0, text.Length - length + 1);
            var q = text.Substring(start, Math.Min(length, text.Length - start));
            if (q.Length < 2 || q.Trim().Length != q.Length) continue;

            var page = await SearchAsync($"q={Uri.EscapeDataString(q)}&pageSize=200");
            var expected = published.Where(r => r.Matches(q)).ToList();
            Assert.True(expected.Count == page.GetProperty("total").GetInt64(), $"q={q}: expected {expected.Count}, got {page.GetProperty("total")}");
            if (expected.Count <= 200) Assert.Contains(page.GetProperty("items").EnumerateArray(), item => item.Id() == source.Id);
        }
    }

    [Theory]
    [InlineData(null, null, null, null, null)]
    [InlineData("科学", null, null, null, null)]
    [InlineData("课后", "robotics", "grade-5", null, null)]
    [InlineData(null, "aerospace", null, "offline", null)]
    [InlineData("机器", null, "grade-3", "online", null)]
    [InlineData(null, null, null, null, true)]
    public async Task Facets_count_topics_grades_and_formats_over_the_whole_filtered_result_set(
        string? q, string? topic, string? grade, string? format, bool? featured)
    {
        var query = string.Join('&', new[]
        {
            q is null ? null : $"q={Uri.EscapeDataString(q)}", topic is null ? null : $"topic={topic}",
            grade is null ? null : $"grade={grade}", format is null ? null : $"format={format}",
            featured is null ? null : $"featured={featured.Value.ToString().ToLowerInvariant()}", "pageSize=5",
        }.Where(p => p is not null));
        var page = await SearchAsync(query);

        var hits = Published.Where(r =>
            (q is null || r.Matches(q)) && (topic is null || r.Content.Topics.Contains(topic))
            && (grade is null || r.Content.Grades.Contains(grade)) && (format is null || ApiEnum.Name(r.Content.Format) == format)
            && (featured is null || r.Featured == featured)).ToList();
        Assert.True(hits.Count > 0, "the case finds something");
        Assert.Equal(hits.Count, page.GetProperty("total").GetInt64());
        Assert.Equal(Math.Min(5, hits.Count), page.GetProperty("items").GetArrayLength());
        var facets = page.GetProperty("facets");
        Assert.Equal(Count(hits.SelectMany(r => r.Content.Topics)), Read(facets.GetProperty("topic")));
        Assert.Equal(Count(hits.SelectMany(r => r.Content.Grades)), Read(facets.GetProperty("grade")));
        Assert.Equal(Count(hits.Select(r => ApiEnum.Name(r.Content.Format))), Read(facets.GetProperty("format")));
    }

    [Fact]
    public async Task Title_matches_rank_before_summary_matches_and_pages_partition_the_results()
    {
        const string q = "航天";
        var expected = Published.Where(r => r.Matches(q))
            .OrderByDescending(r => r.InTitle(q)).ThenByDescending(r => r.At).Select(r => r.Id).ToList();
        Assert.Contains(Published, r => r.Matches(q) && !r.InTitle(q));

        var all = (await SearchAsync($"q={q}&pageSize=200")).GetProperty("items").EnumerateArray().Select(i => i.Id()).ToList();
        Assert.Equal(expected, all);
        var second = (await SearchAsync($"q={q}&page=2&pageSize=7")).GetProperty("items").EnumerateArray().Select(i => i.Id()).ToList();
        Assert.Equal(expected.Skip(7).Take(7), second);
    }

    [Fact]
    public async Task Filters_combine_and_a_repeated_filter_means_any_of()
    {
        var page = await SearchAsync("topic=robotics&topic=aerospace&format=online&kind=activity-guide&pageSize=200");
        var expected = Published.Count(r => r.Content.Topics.Intersect(["robotics", "aerospace"]).Any() && r.Content.Format == ResourceFormat.Online);
        Assert.Equal(expected, page.GetProperty("total").GetInt64());
        Assert.Equal(0, (await SearchAsync("kind=video")).GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Unpublished_resources_are_hidden_unless_the_centre_asks_for_their_status()
    {
        Assert.Equal(Published.Count(), (await SearchAsync("pageSize=1")).GetProperty("total").GetInt64());
        Assert.Equal(0, (await SearchAsync("status=submitted")).GetProperty("total").GetInt64());
        Assert.Equal(0, (await SearchAsync("status=archived&q=科学")).GetProperty("total").GetInt64());

        var centre = catalogue.ClientFor(Actors.Centre);
        foreach (var status in new[] { ResourceStatus.Submitted, ResourceStatus.Archived, ResourceStatus.ChangesRequested })
        {
            var page = await centre.GetFromJsonAsync<JsonElement>($"/api/v1/resources?status={ApiEnum.Name(status)}");
            Assert.Equal(catalogue.Resources.Count(r => r.Status == status), page.GetProperty("total").GetInt64());
        }
    }

    [Theory]
    [InlineData("q=机", "q")]
    [InlineData("q=%20%20机%20", "q")]
    [InlineData("topic=astrology", "topic")]
    [InlineData("grade=grade-13", "grade[0]")]
    [InlineData("format=paper", "format")]
    [InlineData("kind=podcast", "kind")]
    [InlineData("featured=maybe", "featured")]
    [InlineData("status=lost", "status")]
    [InlineData("pageSize=500", "pageSize")]
    public async Task Bad_search_parameters_are_a_400_with_the_field(string query, string field)
    {
        var response = await _reader.GetAsync($"/api/v1/resources?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    private async Task<JsonElement> SearchAsync(string query)
    {
        var response = await _reader.GetAsync($"/api/v1/resources?{query}");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static Dictionary<string, long> Count(IEnumerable<string> values) =>
        values.GroupBy(v => v).ToDictionary(g => g.Key, g => (long)g.Count());

    private static Dictionary<string, long> Read(JsonElement facet) =>
        facet.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
}
