using System.Text.Json;
using Kechuang.Applications.Domain;
using Kechuang.BuildingBlocks.Text;
using Kechuang.TestKit;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Weasel.Core;
using Xunit;

namespace Kechuang.Applications.Tests;

/// <summary>
/// <c>?q=</c> finds any part of the organisation's name as the resource catalogue matches text
/// (folded, through the grams' GIN index), and documents stored before it get their search fields.
/// </summary>
public sealed class TextSearchTests(ApplicationsFactory service) : IClassFixture<ApplicationsFactory>
{
    private HttpClient Centre => service.ClientFor(Actors.Centre);

    private async Task<string[]> NamesAsync(Guid call, string query) =>
        [.. (await Centre.ReadAsync($"/api/v1/applications?callId={call}&pageSize=200&{query}"))
            .GetProperty("items").EnumerateArray().Select(i => i.GetProperty("applicant").GetProperty("name").GetString()!).Order()];

    private static string Q(string text) => $"q={Uri.EscapeDataString(text)}";

    [Fact]
    public async Task Q_finds_a_chinese_part_of_the_name_full_width_and_case_aside()
    {
        var call = await service.OpenCallAsync();
        var unit = service.ClientFor(Actors.Unit(Guid.NewGuid()));
        await unit.DraftIdAsync(Api.UnitForm(call, name: "北京市海淀区中关村第一小学"));
        await unit.DraftIdAsync(Api.UnitForm(call, name: "北京市ＡＩ创客Ｌａｂ实验学校"));
        await unit.DraftIdAsync(Api.UnitForm(call, name: "北京市少年宫"));

        Assert.Equal(["北京市海淀区中关村第一小学"], await NamesAsync(call, Q("中关村第")));
        Assert.Equal(["北京市ＡＩ创客Ｌａｂ实验学校"], await NamesAsync(call, Q("ai创客lab")));
        Assert.Equal(["北京市ＡＩ创客Ｌａｂ实验学校"], await NamesAsync(call, Q("ＬＡＢ实验")));
        Assert.Equal(["北京市ＡＩ创客Ｌａｂ实验学校"], await NamesAsync(call, Q("Ai")));
        Assert.Empty(await NamesAsync(call, Q("中关村第二")));
        Assert.Empty(await NamesAsync(call, Q("少年宫北京")));
        // One character has no bigram: it is looked up by itself.
        Assert.Equal(["北京市少年宫"], await NamesAsync(call, Q("宫")));
        Assert.Equal(["北京市ＡＩ创客Ｌａｂ实验学校"], await NamesAsync(call, Q("Ｉ")));
        Assert.Equal(3, (await NamesAsync(call, Q("京"))).Length);
        Assert.Empty(await NamesAsync(call, Q("%")));
    }

    [Theory]
    [InlineData("北京市少年宫", "少年宫", true)]
    [InlineData("北京市少年宫", "宫", true)]
    [InlineData("北京市少年宫", "宫北", false)]
    [InlineData("北京市少年宫", "馆", false)]
    [InlineData("𠀀字典", "𠀀", true)]
    [InlineData("ＡＩ创客", "ai", true)]
    public void What_contains_a_query_holds_its_grams(string text, string query, bool contained) =>
        Assert.Equal(contained, SearchText.QueryGrams(SearchText.Fold(query)).All(SearchText.Grams(SearchText.Fold(text)).Contains));

    [Fact]
    public async Task A_page_and_the_total_of_q_count_only_the_matches()
    {
        var call = await service.OpenCallAsync();
        var unit = service.ClientFor(Actors.Unit(Guid.NewGuid()));
        for (var i = 0; i < 5; i++) await unit.DraftIdAsync(Api.UnitForm(call, name: $"上海市青少年科技站第{i}分站"));
        await unit.DraftIdAsync(Api.UnitForm(call, name: "上海市科技馆"));

        var pages = new List<JsonElement>();
        for (var page = 1; page <= 3; page++)
            pages.Add(await Centre.ReadAsync($"/api/v1/applications?callId={call}&{Q("少年科技站")}&pageSize=2&page={page}"));

        Assert.All(pages, p => Assert.Equal(5, p.GetProperty("total").GetInt64()));
        Assert.Equal([2, 2, 1], pages.Select(p => p.GetProperty("items").GetArrayLength()));
        var names = pages.SelectMany(p => p.GetProperty("items").EnumerateArray())
            .Select(i => i.GetProperty("applicant").GetProperty("name").GetString()).ToHashSet();
        Assert.Equal(5, names.Count);
        Assert.DoesNotContain("上海市科技馆", names);
    }

    [Fact]
    public async Task An_application_stored_before_the_search_fields_gets_them_at_start_once_however_many_replicas_start()
    {
        var call = await service.OpenCallAsync();
        var id = await service.ClientFor(Actors.Unit(Guid.NewGuid())).DraftIdAsync(Api.UnitForm(call, name: "天津市滨海新区科技辅导站"));
        var before = await Centre.ReadAsync($"/api/v1/applications/{id}");
        await using var connection = new NpgsqlConnection(service.Database);
        await connection.OpenAsync();
        // A database from before the search: no folded text in the JSON, no grams column; the
        // schema's migration adds the column (Marten fills it from the JSON: an empty array).
        await using (var unsearched = new NpgsqlCommand(
            "update applications.mt_doc_application set data = data - 'foldedText'; alter table applications.mt_doc_application drop column search_grams", connection))
            await unsearched.ExecuteNonQueryAsync();
        var store = service.Services.GetRequiredService<IDocumentStore>();
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        Assert.Empty(await NamesAsync(call, Q("辅导")));

        // Two replicas starting together.
        var backfill = service.Services.GetServices<IHostedService>().OfType<SearchBackfill<Application>>().Single();
        var found = await Task.WhenAll(backfill.RunAsync(CancellationToken.None), backfill.RunAsync(CancellationToken.None));
        await using (var count = new NpgsqlCommand("select count(*) from applications.mt_doc_application", connection))
        {
            var stored = (long)(await count.ExecuteScalarAsync())!;
            Assert.InRange(found.Sum(), stored, 2 * stored);
        }

        Assert.Equal(["天津市滨海新区科技辅导站"], await NamesAsync(call, Q("辅导")));
        Assert.Equal(["天津市滨海新区科技辅导站"], await NamesAsync(call, Q("滨")));
        await using (var read = new NpgsqlCommand(
            "select data ->> 'foldedText', search_grams from applications.mt_doc_application where id = @id", connection))
        {
            read.Parameters.AddWithValue("id", id);
            await using var row = await read.ExecuteReaderAsync();
            Assert.True(await row.ReadAsync());
            Assert.Equal("天津市滨海新区科技辅导站", row.GetString(0));
            Assert.Equal(SearchText.Grams("天津市滨海新区科技辅导站"), row.GetFieldValue<string[]>(1));
        }
        await using (var left = new NpgsqlCommand("select count(*) from applications.mt_doc_application where cardinality(search_grams) = 0", connection))
            Assert.Equal(0L, await left.ExecuteScalarAsync());
        // Nothing else of the document changed; a second start finds nothing to do.
        var after = await Centre.ReadAsync($"/api/v1/applications/{id}");
        Assert.Equal(before.GetRawText(), after.GetRawText());
        Assert.Equal(0, await backfill.RunAsync(CancellationToken.None));
    }
}

/// <summary>A few thousand applications, appended as their events straight into the store, and analysed.</summary>
public sealed class ApplicationListPlanFactory() : PlanFactory<ApplicationsService.Marker>(ApplicationsService.Name)
{
    public const string Table = "mt_doc_application";

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await SeedAsync(Services.GetRequiredService<IDocumentStore>(), Clock.GetUtcNow(), 3000);
        await AnalyzeAsync($"applications.{Table}");
    }

    /// <summary>Units named by city and number, a few youth palaces (少年宫) among them, one in thirty a city's application.</summary>
    private static async Task SeedAsync(IDocumentStore store, DateTimeOffset now, int count)
    {
        string[] cities = ["南京市", "苏州市", "无锡市", "常州市", "徐州市", "扬州市"];
        await using var session = store.LightweightSession();
        for (var i = 0; i < count; i++)
        {
            var city = cities[i % cities.Length];
            var kind = i % 30 == 0 ? PilotKind.PilotCity : PilotKind.PilotUnit;
            var name = kind == PilotKind.PilotCity ? $"{city}科学技术协会{i}" : i % 1000 == 7 ? $"{city}少年宫{i}" : $"{city}第{i}实验学校";
            var applicant = new Applicant(name, kind == PilotKind.PilotCity ? ApplicantType.CityAssociation : ApplicantType.PrimarySchool,
                "江苏省", city, null, $"江苏省{city}人民路{i}号", "王老师", "13800138000", "kexie@example.cn");
            var id = Guid.NewGuid();
            session.Events.StartStream<Application>(id, new ApplicationDrafted(id, Guid.NewGuid(), kind, applicant,
                "2018年至2021年，学校开展机器人、人工智能和科学调查体验活动，覆盖学生三千人次。", "建设科技社团，开设科技选修课。",
                null, Actors.Centre, now.AddMinutes(-i)));
        }
        await session.SaveChangesAsync();
    }
}

/// <summary>
/// The list's statements read indexes, not every application: PostgreSQL's own plans of the
/// statements a request's LINQ made (<see cref="PlanFactory{TEntryPoint}"/>).
/// </summary>
public sealed class ApplicationListPlanTests(ApplicationListPlanFactory service) : IClassFixture<ApplicationListPlanFactory>
{
    private const string Table = ApplicationListPlanFactory.Table;
    private const string Grams = "mt_doc_application_idx_search_grams";
    private const string Order = "mt_doc_application_idx_drafted_at";
    private const string KindOrder = "mt_doc_application_idx_kinddrafted_at";

    private HttpClient Centre => service.ClientFor(Actors.Centre);

    [Theory]
    [InlineData("少年宫")]
    [InlineData("宫")]
    public async Task Q_reads_the_grams_index_for_the_count_and_the_page(string q)
    {
        var plans = await service.PlansOfAsync(Centre, $"/api/v1/applications?q={Uri.EscapeDataString(q)}", Table);
        QueryPlan.Count(plans).AssertUses(Table, Grams);
        QueryPlan.Page(plans).AssertUses(Table, Grams, Order);
    }

    [Fact]
    public async Task The_newest_page_comes_in_order_from_the_drafted_index()
    {
        var plans = await service.PlansOfAsync(Centre, "/api/v1/applications?page=3&pageSize=20", Table);
        QueryPlan.Page(plans).AssertUses(Table, Order);
    }

    [Fact]
    public async Task A_kinds_count_and_page_read_the_kind_index()
    {
        var plans = await service.PlansOfAsync(Centre, "/api/v1/applications?kind=pilot-city", Table);
        foreach (var plan in plans) plan.AssertUses(Table, KindOrder);
    }

    [Fact]
    public async Task The_indexes_are_in_the_database_as_configured_so_a_start_does_not_build_them_again()
    {
        var store = service.Services.GetRequiredService<IDocumentStore>();
        var feature = ((DocumentStore)store).Options.Storage.FindFeature(typeof(Application));
        Assert.Equal(SchemaPatchDifference.None, (await store.Storage.Database.CreateMigrationAsync(feature, CancellationToken.None)).Difference);
    }
}
