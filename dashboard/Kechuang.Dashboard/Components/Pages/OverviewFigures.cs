using System.Globalization;
using Kechuang.Contracts.Applications;
using Kechuang.Contracts.Experts;
using Kechuang.Dashboard.Access;
using Kechuang.Dashboard.Api;
using Kechuang.Dashboard.Localization;
using MudBlazor;

namespace Kechuang.Dashboard.Components.Pages;

/// <summary>
/// The overview's figures, read from the public API as the signed-in user (so a province sees its
/// own province): counts from list totals (<c>pageSize=1</c>), and the application charts from
/// <c>GET /applications/summary</c> (counts by status, region and day, computed by the Applications
/// service, so the page costs the same whatever the number of applications). A service that does not answer leaves
/// its figure empty instead of failing the page. The answers are shared for a short while by staff
/// of the same role and province (<see cref="OverviewCache"/>).
/// </summary>
public sealed class OverviewFigures
{
    public long? Applications { get; private init; }
    public IReadOnlyDictionary<string, long> ByStatus { get; private init; } = new Dictionary<string, long>();
    public long? Pilots { get; private init; }
    public long? ExpertsVetted { get; private init; }
    public long? VisitsDelivered { get; private init; }
    public long? ResourcesPublished { get; private init; }
    public long? TeachersTrained { get; private init; }
    public long? RuralSchools { get; private init; }

    public List<ChartSeries<double>> StatusSeries { get; } = [];
    public string[] StatusLabels { get; private set; } = [];
    public List<ChartSeries<double>> TrendSeries { get; } = [];
    public string[] TrendLabels { get; private set; } = [];
    public List<ChartSeries<double>> RegionSeries { get; } = [];
    public string[] RegionLabels { get; private set; } = [];
    public List<ChartSeries<double>> CoverageSeries { get; } = [];
    public string[] CoverageLabels { get; private set; } = [];

    /// <summary>What the API answered for one scope; the figures and charts are drawn from it per language.</summary>
    public sealed record Answers(
        ApplicationsSummaryDto? Applications, long? Pilots, long? ExpertsVetted, long? VisitsDelivered, long? ResourcesPublished,
        IReadOnlyList<CoverageRowDto>? Coverage);

    public static async Task<OverviewFigures> LoadAsync(KechuangApi api, OverviewCache cache, StaffRole role, Texts t)
    {
        var answers = await cache.GetOrLoadAsync(role, () => AskAsync(api, role));
        var summary = answers.Applications;
        var figures = new OverviewFigures
        {
            Applications = summary?.Total,
            ByStatus = summary?.ByStatus.ToDictionary(p => p.Key, p => (long)p.Value) ?? new Dictionary<string, long>(),
            Pilots = answers.Pilots,
            ExpertsVetted = answers.ExpertsVetted,
            VisitsDelivered = answers.VisitsDelivered,
            ResourcesPublished = answers.ResourcesPublished,
            TeachersTrained = answers.Coverage?.Sum(r => (long)r.TeachersTrained),
            RuralSchools = answers.Coverage?.Sum(r => (long)r.SchoolsReached),
        };
        if (summary is not null) figures.ChartApplications(summary, t);
        if (answers.Coverage is not null) figures.ChartCoverage(answers.Coverage, t);
        return figures;
    }

    private static async Task<Answers> AskAsync(KechuangApi api, StaffRole role)
    {
        var province = role.IsProvince ? role.Province : null;
        var applications = role.SeesApplications
            ? api.ApplicationsSummaryAsync()
            : Task.FromResult(new ApiResult<ApplicationsSummaryDto>(null, null));
        var pilots = api.PilotsAsync(province, 1, 1);
        var experts = api.ExpertsAsync("approved", province, null, null, 1, 1);
        var visits = role.SeesVisitRequests
            ? api.VisitRequestsAsync(VisitStatuses.Delivered, null, 1, 1)
            : Task.FromResult(new ApiResult<Paged<VisitRequestDto>>(null, null));
        var resources = api.ResourcesAsync(new ResourceSearch(null, null, null, null, null, null), 1, 1);
        var coverage = api.CoverageAsync("province", province, null);
        await Task.WhenAll(applications, pilots, experts, visits, resources, coverage);
        return new Answers((await applications).Value, (await pilots).Value?.Total, (await experts).Value?.Total,
            (await visits).Value?.Total, (await resources).Value?.Total, (await coverage).Value?.Items);
    }

    private void ChartApplications(ApplicationsSummaryDto summary, Texts t)
    {
        var statuses = ApplicationStatuses.All.Where(ByStatus.ContainsKey).ToList();
        StatusLabels = statuses.Select(t.Label).ToArray();
        StatusSeries.Add(Series(t.ApplicationsByStatus, statuses.Select(s => (double)ByStatus[s])));

        // Submitted and designated per month (Beijing time); per day while the programme is younger than three months.
        var monthly = summary.ByDay.Select(d => d.Day.ToString("yyyy-MM", CultureInfo.InvariantCulture)).Distinct().Count() >= 3;
        var format = monthly ? "yyyy-MM" : "yyyy-MM-dd";
        var buckets = summary.ByDay.GroupBy(d => d.Day.ToString(format, CultureInfo.InvariantCulture))
            .OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        TrendLabels = buckets.Select(g => g.Key).ToArray();
        TrendSeries.Add(Series(t.Submitted, buckets.Select(g => (double)g.Sum(d => d.Submitted))));
        TrendSeries.Add(Series(t.Designated, buckets.Select(g => (double)g.Sum(d => d.Designated))));

        // A province sees its cities; the nation sees provinces, busiest first (the service orders them).
        var regions = summary.ByRegion.Take(20).ToList();
        RegionLabels = regions.Select(r => r.Region).ToArray();
        RegionSeries.Add(Series(t.ApplicationsTotal, regions.Select(r => (double)r.Applications)));
        RegionSeries.Add(Series(t.Designated, regions.Select(r => (double)r.Designated)));
    }

    private void ChartCoverage(IReadOnlyList<CoverageRowDto> rows, Texts t)
    {
        var reached = rows.Where(r => r.SchoolsReached > 0 || r.ActivitiesHeld > 0 || r.ExpertVisits > 0)
            .OrderByDescending(r => r.SchoolsReached).Take(20).ToList();
        CoverageLabels = reached.Select(r => r.Province).ToArray();
        CoverageSeries.Add(Series(t.SchoolsReached, reached.Select(r => (double)r.SchoolsReached)));
        CoverageSeries.Add(Series(t.ExpertVisits, reached.Select(r => (double)r.ExpertVisits)));
    }

    private static ChartSeries<double> Series(string name, IEnumerable<double> values) =>
        new() { Name = name, Data = new ChartData<double>(values.ToList()) };
}
