using Kechuang.BuildingBlocks.Domain;
using Kechuang.TestKit;
using Kechuang.Training.Domain;
using Xunit;

namespace Kechuang.Training.Tests;

/// <summary>Thousands of tutor certifications from every province, loaded straight into the store and analysed.</summary>
public sealed class CertificationsPlanFactory : TrainingPlanFactory
{
    public const int Certifications = 6000;
    public const string Table = "mt_doc_certification";

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var start = Clock.GetUtcNow();
        var certifications = Enumerable.Range(0, Certifications).Select(i =>
        {
            var province = Vocabulary.Provinces[i % Vocabulary.Provinces.Count];
            return new Certification(Guid.NewGuid(), new Candidate($"候选人{i}", $"学校{i % 500}", province, "13800000000", $"c{i}@school.example.cn"),
                CertificationLevel.Primary, i % 4 == 0 ? CertificationStatus.Assessing : CertificationStatus.Certified, [],
                Actors.Province(province), start.AddMinutes(-i), null, null, null);
        }).ToList();
        await LoadAsync(certifications, $"training.{Table}");
    }
}

/// <summary>The certification list reads a province's candidates, and its order, through indexes.</summary>
public sealed class CertificationListPlanTests(CertificationsPlanFactory service) : IClassFixture<CertificationsPlanFactory>
{
    private const string Table = CertificationsPlanFactory.Table;
    private const string Order = "mt_doc_certification_idx_requested_at";

    [Fact]
    public async Task A_province_lists_its_candidates_through_the_province_index()
    {
        var plans = await service.PlansOfAsync(service.ClientFor(Actors.Province("四川省")), "/api/v1/certifications", Table);
        // The page may walk the request-time index instead, a province's candidates being a good share of it.
        QueryPlan.AssertFilteredList(plans, Table, "mt_doc_certification_idx_candidate_province", Order);
    }

    [Fact]
    public async Task The_unfiltered_page_comes_in_order_from_the_request_time_index()
    {
        var plans = await service.PlansOfAsync(service.ClientFor(Actors.Centre), "/api/v1/certifications?page=2", Table);
        QueryPlan.Page(plans).AssertUses(Table, Order);
    }
}
