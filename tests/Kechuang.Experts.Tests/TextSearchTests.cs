using System.Net.Http.Json;
using System.Text.Json;
using Kechuang.BuildingBlocks.Text;
using Kechuang.Experts.Domain;
using Kechuang.TestKit;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Xunit;

namespace Kechuang.Experts.Tests;

/// <summary>
/// The pool's <c>?q=</c> finds any part of the name or of the affiliation as the resource
/// catalogue matches text (folded, through the grams' GIN index); experts stored before it get
/// their search fields at start.
/// </summary>
public sealed class TextSearchTests(ExpertsFactory service) : IClassFixture<ExpertsFactory>
{
    private readonly ExpertsApi _api = new(service);

    private async Task<string[]> NamesAsync(string query) =>
        [.. (await service.ClientFor(Actors.Reader).GetFromJsonAsync<JsonElement>($"/api/v1/experts?pageSize=200&q={Uri.EscapeDataString(query)}"))
            .GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()!).Order()];

    [Fact]
    public async Task Q_finds_a_part_of_the_name_or_the_affiliation_full_width_and_case_aside_never_across_both()
    {
        await _api.RegisterAsync(ExpertsApi.ExpertBody(name: "欧阳天文", affiliation: "中国科学院国家天文台"));
        await _api.RegisterAsync(ExpertsApi.ExpertBody(name: "Ｍａｒｙ陈", affiliation: "浙江大学ＡＩ研究院"));

        Assert.Equal(["欧阳天文"], await NamesAsync("阳天"));
        Assert.Equal(["欧阳天文"], await NamesAsync("科学院国家"));
        Assert.Equal(["Ｍａｒｙ陈"], await NamesAsync("mary"));
        Assert.Equal(["Ｍａｒｙ陈"], await NamesAsync("MARY陈"));
        Assert.Equal(["Ｍａｒｙ陈"], await NamesAsync("ai研究"));
        Assert.Equal(["Ｍａｒｙ陈"], await NamesAsync("Ａi"));
        // The end of the name and the start of the affiliation are not one text.
        Assert.Empty(await NamesAsync("天文中国"));
        Assert.Empty(await NamesAsync("天文台北京"));
        // One character has no bigram: it is looked up by itself.
        Assert.Equal(["欧阳天文"], await NamesAsync("欧"));
        Assert.Equal(["Ｍａｒｙ陈"], await NamesAsync("Y"));
        Assert.Equal(["Ｍａｒｙ陈"], await NamesAsync("浙"));
        Assert.Equal(["欧阳天文"], await NamesAsync("台"));
        Assert.Empty(await NamesAsync("冥"));
    }

    [Fact]
    public async Task A_page_and_the_total_of_q_count_only_the_matches()
    {
        for (var i = 0; i < 5; i++) await _api.RegisterAsync(ExpertsApi.ExpertBody(name: $"分页检索专家{i}", affiliation: "复旦大学"));
        await _api.RegisterAsync(ExpertsApi.ExpertBody(name: "分页专家", affiliation: "复旦大学"));

        var pages = new List<JsonElement>();
        for (var page = 1; page <= 3; page++)
            pages.Add(await service.ClientFor(Actors.Reader).GetFromJsonAsync<JsonElement>(
                $"/api/v1/experts?q={Uri.EscapeDataString("页检索")}&pageSize=2&page={page}"));

        Assert.All(pages, p => Assert.Equal(5, p.GetProperty("total").GetInt64()));
        Assert.Equal([2, 2, 1], pages.Select(p => p.GetProperty("items").GetArrayLength()));
        var names = pages.SelectMany(p => p.GetProperty("items").EnumerateArray()).Select(i => i.GetProperty("name").GetString()).ToHashSet();
        Assert.Equal(5, names.Count);
        Assert.DoesNotContain("分页专家", names);
    }

    [Fact]
    public async Task An_expert_stored_before_the_search_fields_gets_them_at_start_once_however_many_replicas_start()
    {
        var id = await _api.RegisterAsync(ExpertsApi.ExpertBody(name: "司马光学", affiliation: "南开大学光学所"));
        await using var connection = new NpgsqlConnection(service.Database);
        await connection.OpenAsync();
        await using (var strip = new NpgsqlCommand(
            "update experts.mt_doc_expert set search_grams = '{}', data = data - 'foldedText' where id = @id", connection))
        {
            strip.Parameters.AddWithValue("id", id);
            Assert.Equal(1, await strip.ExecuteNonQueryAsync());
        }
        Assert.Empty(await NamesAsync("南开"));

        var backfill = service.Services.GetServices<IHostedService>().OfType<SearchBackfill<Expert>>().Single();
        var found = await Task.WhenAll(backfill.RunAsync(CancellationToken.None), backfill.RunAsync(CancellationToken.None));
        Assert.InRange(found.Sum(), 1, 2);

        Assert.Equal(["司马光学"], await NamesAsync("南开"));
        Assert.Equal(["司马光学"], await NamesAsync("马光"));
        await using (var read = new NpgsqlCommand("select data ->> 'foldedText' from experts.mt_doc_expert where id = @id", connection))
        {
            read.Parameters.AddWithValue("id", id);
            Assert.Equal("司马光学\n南开大学光学所", await read.ExecuteScalarAsync());
        }
        Assert.Equal(0, await backfill.RunAsync(CancellationToken.None));
    }
}

/// <summary>Two thousand experts, registered by events straight into the store, a few of a space group among them, and analysed.</summary>
public sealed class ExpertSearchPlanFactory : ExpertsPlanFactory
{
    public const string Table = "mt_doc_expert";

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        string[] surnames = ["张", "王", "李", "赵", "刘", "陈", "杨", "黄"];
        string[] universities = ["北京大学", "清华大学", "南京大学", "武汉大学", "四川大学"];
        var now = Clock.GetUtcNow();
        await using (var session = Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            for (var i = 0; i < 2000; i++)
            {
                var id = Guid.NewGuid();
                var affiliation = i % 500 == 3 ? "中国航天科技集团" : $"{universities[i % universities.Length]}第{i}实验室";
                session.Events.StartStream<Expert>(id, new ExpertRegistered(id, $"{surnames[i % surnames.Length]}专家{i}", affiliation,
                    "教授", ExpertCategory.UniversityTeacher, ["物理学"], ["physics"], ["北京市"], "13800138000", "expert@example.edu.cn",
                    "长期从事青少年科普工作。", 8, false, Actors.Centre, now.AddMinutes(-i)));
            }
            await session.SaveChangesAsync();
        }
        await AnalyzeAsync($"experts.{Table}");
    }
}

/// <summary>The pool's <c>?q=</c> reads the grams' index, not every expert, for its count and its page.</summary>
public sealed class ExpertSearchPlanTests(ExpertSearchPlanFactory service) : IClassFixture<ExpertSearchPlanFactory>
{
    private const string Table = ExpertSearchPlanFactory.Table;

    [Theory]
    [InlineData("航天科技")]
    [InlineData("航")]
    public async Task Q_reads_the_grams_index(string q)
    {
        var plans = await service.PlansOfAsync(service.ClientFor(Actors.Centre), $"/api/v1/experts?q={Uri.EscapeDataString(q)}", Table);
        QueryPlan.Count(plans).AssertUses(Table, "mt_doc_expert_idx_search_grams");
        QueryPlan.Page(plans).AssertUses(Table, "mt_doc_expert_idx_search_grams", "mt_doc_expert_idx_registered_at");
    }
}
