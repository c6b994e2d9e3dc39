using Kechuang.Applications.Domain;
using Kechuang.Experts.Domain;
using Kechuang.Load.Data;
using Kechuang.Load.Http;
using Kechuang.Load.Measure;
using Kechuang.Load.Seeding;
using Kechuang.Resources.Domain;
using Xunit;

namespace Kechuang.Load.Tests;

/// <summary>Growth mode's pure parts: the streams it appends, the sizes it takes, the scans and the table it prints.</summary>
public sealed class GrowthTests
{
    private static readonly World World = NewWorld();
    private readonly BulkStreams _streams = new(new Names(seed: 7), World, DateTimeOffset.UtcNow);

    [Fact]
    public void Bulk_applications_fold_into_the_statuses_the_http_seed_leaves()
    {
        var statuses = Enumerable.Range(0, 600).Select(i => _streams.Application(i)).Select(s =>
        {
            Assert.Equal(typeof(Application), s.Aggregate);
            var application = Fold<Application>(s.Events, e => Application.Create((ApplicationDrafted)e));
            Assert.Equal(s.Id, application.Id);
            Assert.Equal(World.OpenCall, application.CallId);
            Assert.Equal(PilotKind.PilotUnit, application.Kind);
            Assert.Equal(application.Status != ApplicationStatus.Draft, application.SealScan is not null);
            return application;
        }).ToList();

        Assert.Equal(30, statuses.Count(a => a.Status == ApplicationStatus.Draft));
        Assert.All(new[] { ApplicationStatus.Submitted, ApplicationStatus.Recommended, ApplicationStatus.Returned, ApplicationStatus.NotRecommended },
            status => Assert.Contains(statuses, a => a.Status == status));
        Assert.Equal(Places.Provinces.ToHashSet(), statuses.Select(a => a.Applicant.Province).ToHashSet());
        // Each application belongs to its province's unit: that key sees it, as it sees its own.
        Assert.All(statuses, a => Assert.Equal(World.UnitKeys[a.Applicant.Province].OrganizationId, a.OrganizationId));
    }

    [Fact]
    public void Bulk_resources_are_published_and_one_in_ten_featured()
    {
        var resources = Enumerable.Range(0, 100).Select(i => Fold<Resource>(_streams.Resource(i).Events, e => Resource.Create((ResourceSubmitted)e))).ToList();

        Assert.All(resources, r => Assert.Equal(ResourceStatus.Published, r.Status));
        Assert.Equal(10, resources.Count(r => r.Featured));
        Assert.All(resources, r => Assert.All(r.Content.Topics, t => Assert.Contains(t, Seeder.Topics)));
    }

    [Fact]
    public void Bulk_experts_open_their_schedule_stream_and_are_vetted_a_third_trainers()
    {
        var experts = Enumerable.Range(0, 90).Select(i =>
        {
            var streams = _streams.Expert(i).ToList();
            Assert.Equal(2, streams.Count);
            var expert = Fold<Expert>(streams[1].Events, e => Expert.Create((ExpertRegistered)e));
            Assert.Equal(ExpertSchedule.StreamIdFor(expert.Id), streams[0].Id);
            Assert.Equal(typeof(ExpertSchedule), streams[0].Aggregate);
            return expert;
        }).ToList();

        Assert.Equal(30, experts.Count(e => e.Trainer));
        Assert.All(experts.Where(e => e.Trainer), e => Assert.Equal(ExpertStatus.Approved, e.Status));
        Assert.Equal(6, experts.Count(e => e.Status == ExpertStatus.Rejected));
    }

    [Fact]
    public void Counts_at_a_size_multiply_the_seed()
    {
        var seed = new SeedOptions(1200, 0, 240, 300, 62, 300, 200);

        Assert.Equal((120_000, 30_000, 24_000), BulkSeeder.CountsAt(seed, 100));
    }

    [Theory]
    [InlineData("1,10,100", true)]
    [InlineData("1", true)]
    [InlineData("2,5", true)]
    [InlineData("10,1", false)]
    [InlineData("0,10", false)]
    [InlineData("1,1", false)]
    [InlineData("", false)]
    public void Sizes_are_ascending_multiples_from_one(string sizes, bool accepted)
    {
        var parse = () => Options.Parse(["growth", "--sizes", sizes]);
        if (accepted) Assert.Equal(sizes.Split(',').Select(int.Parse), parse().Sizes);
        else Assert.Throws<ArgumentException>(parse);
    }

    [Fact]
    public void Growth_needs_the_system_started_here() =>
        Assert.Throws<ArgumentException>(() => Options.Parse(["growth", "--url", "http://localhost:5080"]));

    [Fact]
    public void Sequential_scans_are_the_deltas_on_large_tables_only()
    {
        TableCounters T(string table, long rows, long seq, long read, long idx = 0) => new("applications", table, rows, seq, read, idx);
        var before = new[] { T("applications.mt_doc_application", 1_000, 5, 5_000, 3), T("applications.mt_events", 50_000, 2, 90_000), T("applications.small", 50, 1, 50) };
        var after = new[] { T("applications.mt_doc_application", 120_000, 9, 485_000, 10), T("applications.mt_events", 60_000, 2, 90_000), T("applications.small", 50, 9, 450) };

        var scan = Assert.Single(SequentialScans.Between(before, after));

        Assert.Equal(T("applications.mt_doc_application", 120_000, 4, 480_000, 7), scan);
    }

    [Fact]
    public void The_growth_table_has_a_row_per_route_and_the_p99_ratio_from_first_size_to_last()
    {
        RouteStats R(string route, double p99) => new(route, 100, 0, 0, 0, 10, p99 / 2, p99, p99);

        var rows = Growth.Table([[R("GET /a", 10), R("GET /b", 20)], [R("GET /a", 12)], [R("GET /a", 16), R("GET /b", 50), R("GET /c", 5)]]);

        Assert.Equal(["GET /a", "GET /b", "GET /c"], rows.Select(r => r.Route));
        Assert.Equal(1.6, rows[0].P99Ratio);
        Assert.Null(rows[1].BySize[1]);
        Assert.Equal(2.5, rows[1].P99Ratio);
        Assert.Null(rows[2].P99Ratio);
    }

    private static T Fold<T>(IReadOnlyList<object> events, Func<object, T> create) where T : class
    {
        var state = create(events[0]);
        foreach (var e in events.Skip(1)) state = (T)((dynamic)state).Apply((dynamic)e);
        return state;
    }

    private static World NewWorld()
    {
        Partner Key(string role, string? province = null, Guid? organization = null) => new(Guid.NewGuid(), "k", $"{role} {province}", role, province, organization);
        return new World
        {
            Centres = new PartnerPool([Key("centre"), Key("centre")]),
            Readers = new PartnerPool([Key("reader")]),
            Operator = Key("operator"),
            ProvinceKeys = Places.Provinces.ToDictionary(p => p, p => Key("province", p)),
            UnitKeys = Places.Provinces.ToDictionary(p => p, p => Key("unit", p, Guid.NewGuid())),
            SchoolKeys = Places.Provinces.ToDictionary(p => p, p => Key("school", p, Guid.NewGuid())),
            ExpertKeys = [],
            OpenCall = Guid.NewGuid(),
            Applications = [],
            Experts = [],
            Resources = [],
            Courses = [],
            RunningCourses = [],
            Campaigns = [],
            ApplicantWords = [],
            FirstSlotDay = DateTimeOffset.UtcNow,
        };
    }
}
