using Kechuang.BuildingBlocks.Domain;
using Kechuang.Load.Data;
using Kechuang.Load.Http;
using ApplicationsDomain = Kechuang.Applications.Domain;
using ExpertsDomain = Kechuang.Experts.Domain;
using ResourcesDomain = Kechuang.Resources.Domain;

namespace Kechuang.Load.Seeding;

/// <summary>One event stream to start: the aggregate it belongs to, its id and its events in order.</summary>
public sealed record BulkStream(Type Aggregate, Guid Id, IReadOnlyList<object> Events);

/// <summary>
/// The event streams the HTTP seed would leave behind for the i-th application, resource or
/// expert, in the services' own event types and stream ids and with the same spread (provinces,
/// statuses, topics, a third of the experts trainers), so that growth mode can append many of
/// them straight into each service's event store and the services' projections build from them
/// as from their own writes. Pilot-unit applications only, none designated: pilot cities have a
/// quota per province and designation feeds other services, neither of which grows with data.
/// </summary>
public sealed class BulkStreams(Names names, World world, DateTimeOffset at)
{
    private static readonly ApplicationsDomain.ApplicantType[] UnitTypes =
        [.. Enum.GetValues<ApplicationsDomain.ApplicantType>().Where(t => t != ApplicationsDomain.ApplicantType.CityAssociation)];
    private static readonly IReadOnlyList<string> Grades = [.. Enumerable.Range(1, 12).Select(g => $"grade-{g}")];
    private static readonly string SealSha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Seeder.SealScan));

    /// <summary>Drafts (1 in 20), submissions waiting for their province (1 in 3 of the rest), and recommended, returned or not recommended.</summary>
    public BulkStream Application(int i)
    {
        var province = Places.Provinces[i % Places.Provinces.Count];
        var unit = world.UnitKeys[province];
        var city = Places.In(province);
        var county = names.Pick(city.Counties);
        var id = Guid.NewGuid();
        var by = unit.Actor;
        var applicant = new ApplicationsDomain.Applicant(names.School(county), names.Pick(UnitTypes), province, city.Name, county,
            $"{city.Name}{county}人民路{names.Between(1, 300)}号", names.Person(), names.Mobile(), names.Email("school.example.cn"));
        var events = new List<object>
        {
            new ApplicationsDomain.ApplicationDrafted(id, world.OpenCall, ApplicationsDomain.PilotKind.PilotUnit, applicant,
                $"近三年开展{names.ResourceTitle()}等科学教育活动{names.Between(10, 80)}场，参与学生{names.Between(500, 5000)}人次。",
                "依托课后服务开设科技选修课，组织科学家进校园，建设校内科学实践基地。", unit.OrganizationId, by, at),
        };
        if (i % 20 != 19)
        {
            events.Add(new ApplicationsDomain.SealScanUploaded(id, SealSha256, Seeder.SealScan.Length, "application/pdf", by, at));
            events.Add(new ApplicationsDomain.ApplicationSubmitted(id, SealSha256, by, at, ApplicationsDomain.PilotKind.PilotUnit, province));
            var association = world.ProvinceKeys[province].Actor;
            if (i % 3 != 0)
                events.Add((i % 17, i % 13) switch
                {
                    (1, _) => new ApplicationsDomain.ApplicationReturned(id, "材料需完善", association, at),
                    (_, 1) => new ApplicationsDomain.ApplicationNotRecommended(id, "材料需完善", association, at),
                    _ => new ApplicationsDomain.ApplicationRecommended(id, "同意推荐", association, at, ApplicationsDomain.PilotKind.PilotUnit, province),
                });
        }
        return new BulkStream(typeof(ApplicationsDomain.Application), id, events);
    }

    /// <summary>Submitted, approved and published, one in ten featured: the catalogue the searches run over.</summary>
    public BulkStream Resource(int i)
    {
        var unit = world.UnitKeys[Places.Provinces[i % Places.Provinces.Count]];
        var centre = world.Centres.All[i % world.Centres.All.Count].Actor;
        var id = Guid.NewGuid();
        var title = names.ResourceTitle();
        var content = new ResourcesDomain.ResourceContent(title, $"{title}：面向课后服务的科学教育资源，含活动设计、材料清单和评价建议。",
            names.Pick(Enum.GetValues<ResourcesDomain.ResourceKind>()), names.Some(Seeder.Topics, 1, 3), names.Some(Grades, 1, 4),
            names.Pick(Enum.GetValues<ResourcesDomain.ResourceFormat>()), unit.Name, "CC BY-NC 4.0", $"https://resources.example.cn/bulk/{i}", null);
        var events = new List<object>
        {
            new ResourcesDomain.ResourceSubmitted(id, content, unit.Actor, at),
            new ResourcesDomain.ResourceReviewed(id, ResourcesDomain.ReviewDecision.Approve, "内容科学准确", centre, at),
            new ResourcesDomain.ResourcePublished(id, title, content.Kind, content.Topics, content.Grades, content.Format, false, centre, at),
        };
        if (i % 10 == 0) events.Add(new ResourcesDomain.ResourceFeatured(id, centre, at));
        return new BulkStream(typeof(ResourcesDomain.Resource), id, events);
    }

    /// <summary>An expert registered (with the schedule stream registration opens) and vetted: nine in ten approved, a third trainers.</summary>
    public IEnumerable<BulkStream> Expert(int i)
    {
        var centre = world.Centres.All[i % world.Centres.All.Count].Actor;
        var trainer = i % 3 == 0;
        var id = Guid.NewGuid();
        var registered = new ExpertsDomain.ExpertRegistered(id, names.Person(), names.Affiliation(), names.ExpertTitle(),
            names.Chance(0.5) ? ExpertsDomain.ExpertCategory.UniversityTeacher : ExpertsDomain.ExpertCategory.Researcher,
            [names.Discipline()], names.Some(Seeder.Topics, 1, 3), [names.Pick(Places.Provinces)], names.Mobile(),
            names.Email("expert.example.cn"), "长期参与青少年科普报告和科技教师培训。", 4, trainer, centre, at);
        var approve = i % 10 != 9 || trainer;
        var vetted = new ExpertsDomain.ExpertVetted(id, approve ? ExpertsDomain.VettingDecision.Approve : ExpertsDomain.VettingDecision.Reject,
            approve ? "同意入库" : "资料不全", registered.Name, registered.Affiliation, trainer, registered.Topics, registered.Provinces, centre, at);
        var schedule = ExpertsDomain.ExpertSchedule.StreamIdFor(id);
        yield return new BulkStream(typeof(ExpertsDomain.ExpertSchedule), schedule, [new ExpertsDomain.ScheduleOpened(schedule, id, centre, at)]);
        yield return new BulkStream(typeof(ExpertsDomain.Expert), id, [registered, vetted]);
    }
}
