using System.Globalization;
using Kechuang.Dashboard.Access;
using Kechuang.Dashboard.Api;
using Kechuang.Dashboard.Localization;
using MudBlazor;

namespace Kechuang.Dashboard.Components.Pages;

/// <summary>
/// The overview's figures, read from the public API as the signed-in user (so a province sees its
/// own province): counts from list totals (<c>pageSize=1</c>), and the application charts from the
/// applications themselves, fetched in parallel pages of 200. A service that does not answer leaves
/// its figure empty instead of failing the page. The answers are shared for a short while by staff
/// of the same role and province (<see cref="OverviewCache"/>).
/// </summary>
public sealed class OverviewFigures
{
    private const int PageSize = 200;

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
        List<ApplicationDto>? Applications, long? Pilots, long? ExpertsVetted, long? VisitsDelivered, long? ResourcesPublished,
        IReadOnlyList<CoverageRowDto>? Coverage);

    public static async Task<OverviewFigures> LoadAsync(KechuangApi api, OverviewCache cache, StaffRole role, Texts t)
    {
        var answers = await cache.GetOrLoadAsync(role, () => AskAsync(api, role));
        var all = answers.Applications;
        var figures = new OverviewFigures
        {
            Applications = all?.Count,
            ByStatus = all?.GroupBy(a => a.Status).ToDictionary(g => g.Key, g => (long)g.Count()) ?? new Dictionary<string, long>(),
            Pilots = answers.Pilots,
            ExpertsVetted = answers.ExpertsVetted,
            VisitsDelivered = answers.VisitsDelivered,
            ResourcesPublished = answers.ResourcesPublished,
            TeachersTrained = answers.Coverage?.Sum(r => (long)r.TeachersTrained),
            RuralSchools = answers.Coverage?.Sum(r => (long)r.SchoolsReached),
        };
        if (all is not null) figures.ChartApplications(all, role, t);
        if (answers.Coverage is not null) figures.ChartCoverage(answers.Coverage, t);
        return figures;
    }

    private static async Task<Answers> AskAsync(KechuangApi api, StaffRole role)
    {
        var province = role.IsProvince ? role.Province : null;
        var applications = role.SeesApplications ? AllApplicationsAsync(api) : Task.FromResult<List<ApplicationDto>?>(null);
        var pilots = api.PilotsAsync(province, 1, 1);
        var experts = api.ExpertsAsync("approved", province, null, null, 1, 1);
        var visits = role.SeesVisitRequests
            ? api.VisitRequestsAsync("delivered", null, 1, 1)
            : Task.FromResult(new ApiResult<Paged<VisitRequestDto>>(null, null));
        var resources = api.ResourcesAsync(new ResourceSearch(null, null, null, null, null, null), 1, 1);
        var coverage = api.CoverageAsync("province", province, null);
        await Task.WhenAll(applications, pilots, experts, visits, resources, coverage);
        return new Answers(await applications, (await pilots).Value?.Total, (await experts).Value?.Total,
            (await visits).Value?.Total, (await resources).Value?.Total, (await coverage).Value?.Items);
    }

    private static async Task<List<ApplicationDto>?> AllApplicationsAsync(KechuangApi api)
    {
        var filter = new ApplicationFilter(null, null, null, null, null);
        var first = await api.ApplicationsAsync(filter, 1, PageSize);
        if (first.Value is not { } page) return null;
        var pages = (int)Math.Ceiling(page.Total / (double)PageSize);
        var rest = await Task.WhenAll(Enumerable.Range(2, Math.Max(0, pages - 1)).Select(p => api.ApplicationsAsync(filter, p, PageSize)));
        return [.. page.Items, .. rest.SelectMany(r => r.Value?.Items ?? [])];
    }

    private void ChartApplications(List<ApplicationDto> all, StaffRole role, Texts t)
    {
        var statuses = Vocabulary.ApplicationStatuses.Where(ByStatus.ContainsKey).ToList();
        StatusLabels = statuses.Select(t.Label).ToArray();
        StatusSeries.Add(Series(t.ApplicationsByStatus, statuses.Select(s => (double)ByStatus[s])));

        // Submitted and designated per month (Beijing time); per day while the programme is younger than three months.
        var submittedAt = all.Where(a => a.SubmittedAt is not null).Select(a => a.SubmittedAt!.Value).ToList();
        var designatedAt = all.Where(a => a.Status == "designated" && a.Designation is not null).Select(a => a.Designation!.At).ToList();
        var monthly = submittedAt.Concat(designatedAt).Select(at => Bucket(at, "yyyy-MM")).Distinct().Count() >= 3;
        var format = monthly ? "yyyy-MM" : "yyyy-MM-dd";
        var submitted = submittedAt.GroupBy(at => Bucket(at, format)).ToDictionary(g => g.Key, g => g.Count());
        var designated = designatedAt.GroupBy(at => Bucket(at, format)).ToDictionary(g => g.Key, g => g.Count());
        var buckets = submitted.Keys.Union(designated.Keys).Order(StringComparer.Ordinal).ToList();
        TrendLabels = buckets.ToArray();
        TrendSeries.Add(Series(t.Submitted, buckets.Select(m => (double)submitted.GetValueOrDefault(m))));
        TrendSeries.Add(Series(t.Designated, buckets.Select(m => (double)designated.GetValueOrDefault(m))));

        // A province sees its cities; the nation sees provinces, busiest first.
        Func<ApplicationDto, string> region = role.IsProvince ? a => a.Applicant.City : a => a.Applicant.Province;
        var regions = all.GroupBy(region).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(20).ToList();
        RegionLabels = regions.Select(g => g.Key).ToArray();
        RegionSeries.Add(Series(t.ApplicationsTotal, regions.Select(g => (double)g.Count())));
        RegionSeries.Add(Series(t.Designated, regions.Select(g => (double)g.Count(a => a.Status == "designated"))));
    }

    private void ChartCoverage(IReadOnlyList<CoverageRowDto> rows, Texts t)
    {
        var reached = rows.Where(r => r.SchoolsReached > 0 || r.ActivitiesHeld > 0 || r.ExpertVisits > 0)
            .OrderByDescending(r => r.SchoolsReached).Take(20).ToList();
        CoverageLabels = reached.Select(r => r.Province).ToArray();
        CoverageSeries.Add(Series(t.SchoolsReached, reached.Select(r => (double)r.SchoolsReached)));
        CoverageSeries.Add(Series(t.ExpertVisits, reached.Select(r => (double)r.ExpertVisits)));
    }

    private static string Bucket(DateTimeOffset at, string format) =>
        at.ToOffset(TimeSpan.FromHours(8)).ToString(format, CultureInfo.InvariantCulture);

    private static ChartSeries<double> Series(string name, IEnumerable<double> values) =>
        new() { Name = name, Data = new ChartData<double>(values.ToList()) };
}
