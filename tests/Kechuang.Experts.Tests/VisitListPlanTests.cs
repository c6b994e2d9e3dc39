using Kechuang.BuildingBlocks.Domain;
using Kechuang.Experts.Domain;
using Kechuang.TestKit;
using Xunit;

namespace Kechuang.Experts.Tests;

/// <summary>Thousands of visit requests from hundreds of schools, most of them delivered, loaded straight into the store and analysed.</summary>
public sealed class VisitsPlanFactory : ExpertsPlanFactory
{
    public const int Visits = 8000;
    public const int Schools = 400;
    public const string Table = "mt_doc_visitrequest";

    /// <summary>The schools' organisations, each in one province.</summary>
    public IReadOnlyList<(Guid Organization, string Province)> SchoolOrganizations { get; } =
        Enumerable.Range(0, Schools).Select(i => (Guid.NewGuid(), Vocabulary.Provinces[i % Vocabulary.Provinces.Count])).ToList();

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var random = new Random(15);
        var start = Clock.GetUtcNow();
        var visits = Enumerable.Range(0, Visits).Select(i =>
        {
            var (organization, province) = SchoolOrganizations[random.Next(Schools)];
            // Nine in ten done with (delivered or cancelled), the rest still on their way.
            var status = (i % 20) switch
            {
                0 => VisitStatus.Open,
                1 => VisitStatus.Confirmed,
                < 4 => VisitStatus.Cancelled,
                _ => VisitStatus.Delivered,
            };
            var window = new TimeSlot(start.AddDays(i % 90), start.AddDays(i % 90).AddHours(2));
            return new VisitRequest(Guid.NewGuid(), organization, new School($"学校{organization:N}", province, null, null, i % 2 == 0),
                VisitKind.ScienceTalk, Vocabulary.Topics[i % Vocabulary.Topics.Count], ["grade-5"], 60, [window], 90, null, status,
                status == VisitStatus.Open ? null : Guid.NewGuid(), null, null, null, null, start.AddMinutes(-i));
        }).ToList();
        await LoadAsync(visits, $"experts.{Table}");
    }
}

/// <summary>The visit-request list reads a province's, a school's and the open requests, and its order, through indexes.</summary>
public sealed class VisitListPlanTests(VisitsPlanFactory service) : IClassFixture<VisitsPlanFactory>
{
    private const string Table = VisitsPlanFactory.Table;
    private const string Order = "mt_doc_visitrequest_idx_requested_at";

    [Fact]
    public async Task A_province_lists_its_schools_requests_through_the_province_index()
    {
        var plans = await service.PlansOfAsync(service.ClientFor(Actors.Province("四川省")), "/api/v1/visit-requests", Table);
        // The page may walk the request-time index instead, a province's requests being a good share of it.
        QueryPlan.AssertFilteredList(plans, Table, "mt_doc_visitrequest_idx_school_province", Order);
    }

    [Fact]
    public async Task A_school_lists_its_own_requests_through_the_organisation_index()
    {
        var (organization, province) = service.SchoolOrganizations[7];
        var plans = await service.PlansOfAsync(service.ClientFor(Actors.School(province, organization)), "/api/v1/visit-requests", Table);
        foreach (var plan in plans) plan.AssertUses(Table, "mt_doc_visitrequest_idx_organization_id");
    }

    [Fact]
    public async Task The_centre_counts_the_open_requests_through_the_status_index()
    {
        var plans = await service.PlansOfAsync(service.ClientFor(Actors.Centre), "/api/v1/visit-requests?status=open", Table);
        QueryPlan.AssertFilteredList(plans, Table, "mt_doc_visitrequest_idx_status", Order);
    }

    [Fact]
    public async Task The_unfiltered_page_comes_in_order_from_the_request_time_index()
    {
        var plans = await service.PlansOfAsync(service.ClientFor(Actors.Centre), "/api/v1/visit-requests?page=2", Table);
        QueryPlan.Page(plans).AssertUses(Table, Order);
    }
}
