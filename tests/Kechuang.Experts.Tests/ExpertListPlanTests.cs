using Kechuang.BuildingBlocks.Domain;
using Kechuang.Experts.Domain;
using Kechuang.TestKit;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Kechuang.Experts.Tests;

/// <summary>Thousands of experts in the pool, loaded straight into the store and analysed.</summary>
public sealed class ExpertPoolPlanFactory : ExpertsPlanFactory
{
    public const int Experts = 6000;
    public const string Table = "mt_doc_expert";

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var random = new Random(15);
        var start = Clock.GetUtcNow();
        var experts = Enumerable.Range(0, Experts).Select(i => new Expert(Guid.NewGuid(), $"专家{i}", $"单位{i % 300}", "教授",
            ExpertCategory.Researcher, ["物理学"], Pick(random, Vocabulary.Topics, random.Next(1, 4)),
            Pick(random, Vocabulary.Provinces, random.Next(1, 3)), "13800000000", $"e{i}@expert.example.cn", null, 4,
            i % 3 == 0, i % 10 == 9 ? ExpertStatus.Rejected : ExpertStatus.Approved, null, [], start.AddMinutes(-i))).ToList();
        await LoadAsync(experts, $"experts.{Table}");
    }
}

/// <summary>The pool's list reads its topic and province arrays and its order through indexes, not a scan of the table.</summary>
public sealed class ExpertListPlanTests(ExpertPoolPlanFactory service) : IClassFixture<ExpertPoolPlanFactory>
{
    private const string Table = ExpertPoolPlanFactory.Table;
    private const string Arrays = "mt_doc_expert_idx_data";
    private const string Order = "mt_doc_expert_idx_registered_at";

    [Fact]
    public async Task A_province_listing_by_topic_province_and_status_reads_the_arrays_through_the_gin_index()
    {
        // The growth bench's request: a province's own experts of a topic, approved.
        var plans = await service.PlansOfAsync(service.ClientFor(Actors.Province("四川省")),
            "/api/v1/experts?topic=robotics&province=%E5%9B%9B%E5%B7%9D%E7%9C%81&status=approved", Table);
        QueryPlan.AssertFilteredList(plans, Table, Arrays, Order);
    }

    [Fact]
    public async Task The_centre_listing_by_topic_reads_it_through_the_gin_index()
    {
        // The page may walk the registration index instead, a topic's experts being a good share of it.
        var plans = await service.PlansOfAsync(service.ClientFor(Actors.Centre), "/api/v1/experts?topic=aerospace", Table);
        QueryPlan.AssertFilteredList(plans, Table, Arrays, Order);
    }

    [Fact]
    public async Task A_province_listing_without_filters_finds_its_experts_and_its_own_record_through_indexes()
    {
        // Province scope: the experts serving the province, or the caller's own expert record.
        // The count is a BitmapOr of the GIN index and the primary key; the page may as well walk the
        // registration index, a province's experts being a good share of every page of it.
        var plans = await service.PlansOfAsync(service.ClientFor(Actors.Province("广东省")), "/api/v1/experts", Table);
        QueryPlan.AssertFilteredList(plans, Table, Arrays, Order);
    }

    [Fact]
    public async Task The_unfiltered_page_comes_in_order_from_the_registration_index()
    {
        var plans = await service.PlansOfAsync(service.ClientFor(Actors.Centre), "/api/v1/experts?page=3&pageSize=20", Table);
        QueryPlan.Page(plans).AssertUses(Table, Order);
    }

    [Fact]
    public async Task The_indexes_are_in_the_database_as_configured_so_a_start_does_not_build_them_again()
    {
        await service.Services.GetRequiredService<IDocumentStore>().Storage.Database.AssertDatabaseMatchesConfigurationAsync();
    }
}
