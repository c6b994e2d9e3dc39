using Kechuang.BuildingBlocks.Domain;
using Kechuang.TestKit;
using Kechuang.Training.ReadModels;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Kechuang.Training.Tests;

/// <summary>Thousands of vetted experts known to the trainer pool, a third of them in it, loaded straight into the store and analysed.</summary>
public sealed class TrainerPoolPlanFactory : TrainingPlanFactory
{
    public const int Trainers = 6000;
    public const string Table = "mt_doc_trainer";

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var random = new Random(15);
        var at = Clock.GetUtcNow();
        var trainers = Enumerable.Range(0, Trainers).Select(i => new Trainer(Guid.NewGuid(), $"专家{random.Next(100_000):D5}",
            $"单位{i % 300}", Pick(random, Vocabulary.Topics, random.Next(1, 4)), Pick(random, Vocabulary.Provinces, 1),
            i % 3 == 0, at.AddMinutes(-i))).ToList();
        await LoadAsync(trainers, $"training.{Table}");
    }
}

/// <summary>The trainer pool's list reads the pool, its order and its filters through indexes, not a scan of every vetted expert.</summary>
public sealed class TrainerListPlanTests(TrainerPoolPlanFactory service) : IClassFixture<TrainerPoolPlanFactory>
{
    private const string Table = TrainerPoolPlanFactory.Table;

    [Fact]
    public async Task The_pool_page_and_its_count_are_read_off_the_pool_index_in_name_order()
    {
        // The growth bench's request.
        var plans = await service.PlansOfAsync(service.ClientFor(Actors.Centre), "/api/v1/trainers?pageSize=50", Table);
        QueryPlan.Count(plans).AssertUses(Table, "mt_doc_trainer_idx_name");
        QueryPlan.Page(plans).AssertUses(Table, "mt_doc_trainer_idx_name");
    }

    [Fact]
    public async Task The_pool_by_topic_and_province_reads_the_arrays_through_the_gin_index()
    {
        var plans = await service.PlansOfAsync(service.ClientFor(Actors.Centre),
            "/api/v1/trainers?topic=robotics&province=%E5%9B%9B%E5%B7%9D%E7%9C%81", Table);
        // The page may walk the pool's name index instead.
        QueryPlan.AssertFilteredList(plans, Table, "mt_doc_trainer_idx_data", "mt_doc_trainer_idx_name");
    }

    [Fact]
    public async Task The_indexes_are_in_the_database_as_configured_so_a_start_does_not_build_them_again()
    {
        await service.Services.GetRequiredService<IDocumentStore>().Storage.Database.AssertDatabaseMatchesConfigurationAsync();
    }
}
