using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Kechuang.Load.Data;
using Kechuang.Load.Http;

namespace Kechuang.Load.Seeding;

public sealed record SeedOptions(int Applications, int Drafts, int Experts, int Resources, int Courses, int Completions, int Visits);

/// <summary>
/// Fills the system through the gateway as partners would: keys for the national centre, readers,
/// an operator and, per province, its association, a unit and a school; calls and applications
/// across the 31 provinces (sealed forms, submissions, recommendations, a few designated pilots);
/// experts (vetted, a third of them trainers); published resources and school subscriptions;
/// training bases, courses, enrolments and completed courses with certificates; campaigns,
/// stations and activities; visit requests up to delivered visits.
/// </summary>
public sealed class Seeder(Client gateway, string adminKey, Names names, TextWriter log)
{
    public const int Parallelism = 24;

    /// <summary>A sealed application form: a small PDF (the service checks the file's own bytes).</summary>
    public static readonly byte[] SealScan = MakePdf(32 * 1024);

    internal static readonly string[] Topics =
        ["science-investigation", "robotics", "artificial-intelligence", "aerospace", "science-imaging", "science-festival", "physics", "chemistry",
         "biology", "earth-science", "information-technology", "engineering", "mathematics", "medicine-health", "agriculture", "environment"];
    private static readonly string[] UnitTypes = ["primary-school", "secondary-school", "science-museum", "training-institution", "science-education-base", "other"];
    private static readonly string[] ResourceKinds = ["activity-guide", "course", "video", "case", "toolkit", "article"];
    private static readonly string[] Formats = ["online", "offline", "blended"];
    private static readonly string[] Areas = ["frontier-science", "scientific-method", "innovation", "science-spirit", "activity-guidance"];

    private readonly Partner _admin = new(Guid.Empty, adminKey, "bootstrap admin", "admin");

    public async Task<World> SeedAsync(SeedOptions options, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var keys = await KeysAsync(ct);
        log.WriteLine($"  {keys.Count} partner keys ({clock.Elapsed.TotalSeconds:N0} s)");
        Partner Centre() => keys.Centres.Next();

        var callsTask = CallsAsync(Centre(), ct);
        var expertsTask = ExpertsAsync(keys, options.Experts, ct);
        var resourcesTask = ResourcesAsync(keys, options.Resources, ct);
        var outreachTask = OutreachAsync(keys, ct);
        var calls = await callsTask;
        var (applications, awaiting) = await ApplicationsAsync(keys, calls[^1], options.Applications, ct);
        log.WriteLine($"  {applications.Count} applications in {Places.Provinces.Count} provinces ({clock.Elapsed.TotalSeconds:N0} s)");
        var (experts, trainers, expertKeys) = await expertsTask;
        log.WriteLine($"  {experts.Count} approved experts, {trainers.Count} of them trainers ({clock.Elapsed.TotalSeconds:N0} s)");
        var resources = await resourcesTask;
        log.WriteLine($"  {resources.Count} published resources ({clock.Elapsed.TotalSeconds:N0} s)");
        var campaigns = await outreachTask;

        var bases = await BasesAsync(keys, trainers, ct);
        var courses = await CoursesAsync(keys, bases, trainers, options.Courses, DateTimeOffset.UtcNow.AddDays(90), ct);
        // Enrolment into the running courses closes just before their first session: leave time for all of it.
        var runningStart = DateTimeOffset.UtcNow + EnrolmentMargin + TimeSpan.FromMilliseconds(20) * (2 * options.Completions);
        var running = await CoursesAsync(keys, bases, trainers, RunningCourses, runningStart, ct);

        var world = new World
        {
            Centres = keys.Centres,
            Readers = keys.Readers,
            Operator = keys.Operator,
            ProvinceKeys = keys.Provinces,
            UnitKeys = keys.Units,
            SchoolKeys = keys.Schools,
            ExpertKeys = expertKeys,
            OpenCall = calls[^1],
            Applications = applications,
            Experts = experts,
            Resources = resources,
            Courses = courses,
            RunningCourses = running,
            Campaigns = campaigns,
            ApplicantWords = ["实验小学", "中心小学", "第一中学", "科学技术协会", "民族中学", "希望", "城关镇", .. Places.Cities.Select(c => c.Counties[0][..2])],
            FirstSlotDay = new DateTimeOffset(DateTimeOffset.UtcNow.Year + 1, 3, 1, 14, 0, 0, TimeSpan.FromHours(8))
                .AddMonths(Random.Shared.Next(0, 120)),
        };
        foreach (var application in awaiting) world.AwaitingRecommendation.Enqueue(application);
        log.WriteLine($"  {world.Courses.Count} open courses ({clock.Elapsed.TotalSeconds:N0} s)");

        // Attendance and completion need started sessions: enrol into the running courses before
        // their deadline, then wait for their last session to start.
        var teachers = await EnrolRunningAsync(world, options.Completions + options.Completions, ct);
        foreach (var enrolment in teachers.Skip(options.Completions)) world.Enrolled.Enqueue(enrolment);
        var lastStart = runningStart.Add(SessionGap);
        log.WriteLine($"  {teachers.Count} teachers enrolled in {world.RunningCourses.Count} running courses; waiting until their last session starts at {lastStart:HH:mm:ss} UTC");
        var wait = lastStart - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1);
        if (wait > TimeSpan.Zero) await Task.Delay(wait, ct);

        await CompletionsAsync(world, teachers.Take(options.Completions).ToList(), ct);
        log.WriteLine($"  {world.Certificates.Count} completed courses with certificates ({clock.Elapsed.TotalSeconds:N0} s)");
        await VisitsAsync(world, options.Visits, ct);
        log.WriteLine($"  {options.Visits} visit requests ({clock.Elapsed.TotalSeconds:N0} s)");
        if (options.Drafts > 0)
        {
            await DraftsAsync(world, options.Drafts, ct);
            log.WriteLine($"  {world.Drafts.Count} sealed drafts ready to submit ({clock.Elapsed.TotalSeconds:N0} s)");
        }
        return world;
    }

    private sealed record Keys(PartnerPool Centres, PartnerPool Readers, Partner Operator,
        Dictionary<string, Partner> Provinces, Dictionary<string, Partner> Units, Dictionary<string, Partner> Schools)
    {
        public int Count => Centres.All.Count + Readers.All.Count + 1 + Provinces.Count + Units.Count + Schools.Count;
    }

    private async Task<Keys> KeysAsync(CancellationToken ct)
    {
        var centres = await Many(8, i => KeyAsync($"国家中心业务系统{i}", "centre", ct: ct));
        var readers = await Many(10, i => KeyAsync($"科普资源平台{i}", "reader", ct: ct));
        var operatorKey = await KeyAsync("运维监控", "operator", ct: ct);
        var provinces = new Dictionary<string, Partner>();
        var units = new Dictionary<string, Partner>();
        var schools = new Dictionary<string, Partner>();
        foreach (var province in Places.Provinces)
        {
            provinces[province] = await KeyAsync($"{province}科协", "province", province, ct: ct);
            units[province] = await KeyAsync($"{province}科技馆", "unit", province, Guid.NewGuid(), ct: ct);
            schools[province] = await KeyAsync($"{province}教育信息平台", "school", province, Guid.NewGuid(), ct: ct);
        }
        return new Keys(new PartnerPool(centres), new PartnerPool(readers), operatorKey, provinces, units, schools);
    }

    public async Task<Partner> KeyAsync(string name, string role, string? province = null, Guid? organizationId = null, Guid? expertId = null,
        CancellationToken ct = default)
    {
        var reply = await gateway.SendUntilAnsweredAsync(Call.Post("/api/v1/api-keys", _admin, new { name, role, province, organizationId, expertId }), ct);
        return new Partner(reply.Id, reply.Json.GetProperty("key").GetString()!, name, role, province, organizationId, expertId);
    }

    private async Task<List<Guid>> CallsAsync(Partner centre, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        var calls = new List<Guid>();
        foreach (var year in new[] { now.Year - 1, now.Year })
        {
            var reply = await gateway.SendUntilAnsweredAsync(Call.Post("/api/v1/calls", centre, new
            {
                title = $"{year}年“科创筑梦”助力“双减”科普行动试点申报",
                year,
                kinds = new[] { "pilot-unit", "pilot-city" },
                opensAt = now.AddDays(-30),
                deadline = now.AddDays(60),
                cityQuotaPerProvince = 5,
            }), ct);
            calls.Add(reply.Id);
        }
        return calls;
    }

    /// <summary>A pilot-unit application form of a unit in <paramref name="province"/>.</summary>
    public static object UnitForm(Names names, Guid callId, string province)
    {
        var city = Places.In(province);
        var county = names.Pick(city.Counties);
        return new
        {
            callId,
            kind = "pilot-unit",
            applicant = new
            {
                name = names.School(county),
                type = names.Pick(UnitTypes),
                province,
                city = city.Name,
                county,
                address = $"{city.Name}{county}人民路{names.Between(1, 300)}号",
                contactName = names.Person(),
                phone = names.Mobile(),
                email = names.Email("school.example.cn"),
            },
            trackRecord = $"近三年开展{names.ResourceTitle()}等科学教育活动{names.Between(10, 80)}场，参与学生{names.Between(500, 5000)}人次。",
            workPlan = "依托课后服务开设科技选修课，组织科学家进校园，建设校内科学实践基地。",
        };
    }

    public static HttpContent SealScanContent()
    {
        var content = new ByteArrayContent(SealScan);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        return content;
    }

    /// <summary>All applications, and the submitted ones still waiting for their province's recommendation.</summary>
    private async Task<(List<ApplicationRef> All, List<ApplicationRef> Awaiting)> ApplicationsAsync(Keys keys, Guid callId, int count,
        CancellationToken ct)
    {
        var applications = new List<ApplicationRef>();
        var awaiting = new List<ApplicationRef>();
        var cities = Places.Provinces.ToDictionary(p => p, _ => 0);
        await ForEach(Enumerable.Range(0, count), async (i, token) =>
        {
            var province = Places.Provinces[i % Places.Provinces.Count];
            // A few pilot cities per province (the quota is 5), the rest pilot units.
            bool city;
            lock (cities) city = i % 10 == 0 && cities[province]++ < 3;
            var owner = city ? keys.Provinces[province] : keys.Units[province];
            var form = city ? CityForm(callId, province) : UnitForm(names, callId, province);
            var id = (await gateway.SendUntilAnsweredAsync(Call.Post("/api/v1/applications", owner, form), token)).Id;
            var application = new ApplicationRef(id, province, owner);
            if (i % 20 == 19)
            {
                lock (applications) applications.Add(application); // stays a draft
                return;
            }
            await gateway.SendUntilAnsweredAsync(new Call(HttpMethod.Put, $"/api/v1/applications/{id}/seal-scan", owner, Content: SealScanContent()), token);
            await gateway.SendUntilAnsweredAsync(Call.Post($"/api/v1/applications/{id}/submit", owner, new { declaration = true }), token);
            if (i % 3 == 0 && !city)
            {
                lock (applications) awaiting.Add(application);
            }
            else
            {
                var decision = i % 17 == 1 ? "return" : i % 13 == 1 ? "not-recommend" : "recommend";
                await gateway.SendUntilAnsweredAsync(Call.Post($"/api/v1/applications/{id}/recommendation", keys.Provinces[province],
                    new { decision, comment = decision == "recommend" ? "同意推荐" : "材料需完善" }), token);
                if (decision == "recommend" && i % 25 == 2)
                {
                    var centre = keys.Centres.Next();
                    await gateway.SendUntilAnsweredAsync(Call.Post($"/api/v1/applications/{id}/reviews", centre,
                        new { score = names.Between(80, 99), comment = "基础扎实，方案可行" }), token);
                    await gateway.SendUntilAnsweredAsync(Call.Post($"/api/v1/applications/{id}/designation", centre,
                        new { decision = "designate", comment = "同意命名" }), token);
                }
            }
            lock (applications) applications.Add(application);
        }, ct);
        return (applications, awaiting);
    }

    private object CityForm(Guid callId, string province)
    {
        var city = Places.In(province);
        return new
        {
            callId,
            kind = "pilot-city",
            applicant = new
            {
                name = $"{city.Name}科学技术协会",
                type = "city-association",
                province,
                city = city.Name,
                address = $"{city.Name}科技馆路{names.Between(1, 99)}号",
                contactName = names.Person(),
                phone = names.Mobile(),
                email = names.Email("kx.example.cn"),
            },
            trackRecord = $"全市建成科普教育基地{names.Between(10, 60)}个，青少年科技创新大赛参与学生{names.Between(5000, 30000)}人。",
            workPlan = "统筹全市课后服务科技教育资源，推动科学家进校园常态化。",
        };
    }

    public static object ExpertForm(Names names, bool trainer, int maxVisitsPerMonth = 4, string? province = null)
    {
        province ??= names.Pick(Places.Provinces);
        return new
        {
            name = names.Person(),
            affiliation = names.Affiliation(),
            title = names.ExpertTitle(),
            category = names.Chance(0.5) ? "university-teacher" : "researcher",
            disciplines = new[] { names.Discipline() },
            topics = names.Some(Topics, 1, 3),
            provinces = new[] { province },
            phone = names.Mobile(),
            email = names.Email("expert.example.cn"),
            bio = "长期参与青少年科普报告和科技教师培训。",
            maxVisitsPerMonth,
            trainer,
        };
    }

    private async Task<(List<ExpertRef> Approved, List<Guid> Trainers, List<Partner> Keys)> ExpertsAsync(Keys keys, int count, CancellationToken ct)
    {
        var approved = new List<ExpertRef>();
        var trainers = new List<Guid>();
        var withKeys = new List<Partner>();
        await ForEach(Enumerable.Range(0, count), async (i, token) =>
        {
            var trainer = i % 3 == 0;
            var visiting = i % 6 == 1; // these experts take visits with their own key
            var province = names.Pick(Places.Provinces);
            var id = (await gateway.SendUntilAnsweredAsync(Call.Post("/api/v1/experts", keys.Centres.Next(),
                ExpertForm(names, trainer, visiting ? 31 : 4, province)), token)).Id;
            var approve = i % 10 != 9 || trainer || visiting;
            await gateway.SendUntilAnsweredAsync(Call.Post($"/api/v1/experts/{id}/vetting", keys.Centres.Next(),
                new { decision = approve ? "approve" : "reject", comment = approve ? "同意入库" : "资料不全" }), token);
            if (!approve) return;
            Partner? key = visiting ? await KeyAsync($"专家{id:N}"[..10], "expert", expertId: id, ct: token) : null;
            lock (approved)
            {
                approved.Add(new ExpertRef(id, province));
                if (trainer) trainers.Add(id);
                if (key is not null) withKeys.Add(key);
            }
        }, ct);
        return (approved, trainers, withKeys);
    }

    private async Task<List<Guid>> ResourcesAsync(Keys keys, int count, CancellationToken ct)
    {
        // Subscriptions first, so that publishing pushes to them (送到学校): two rural schools per
        // province, each subscribing with its own key (a school is one delivery, however many of
        // its subscriptions match).
        await ForEach(Places.Cities.SelectMany(c => c.Counties.Take(2).Select(county => (c, county))), async (place, token) =>
        {
            var (city, county) = place;
            var school = await KeyAsync($"{county}学校", "school", city.Province, Guid.NewGuid(), ct: token);
            await gateway.SendUntilAnsweredAsync(Call.Post("/api/v1/subscriptions", school, new
            {
                school = new { name = names.School(county), province = city.Province, city = city.Name, county, rural = true },
                topics = names.Some(Topics, 1, 2),
                grades = names.Some(Enumerable.Range(1, 12).Select(g => $"grade-{g}").ToList(), 1, 3),
            }), token);
        }, ct);

        var published = new List<Guid>();
        await ForEach(Enumerable.Range(0, count), async (i, token) =>
        {
            var unit = keys.Units[Places.Provinces[i % Places.Provinces.Count]];
            var title = names.ResourceTitle();
            var id = (await gateway.SendUntilAnsweredAsync(Call.Post("/api/v1/resources", unit, new
            {
                title,
                summary = $"{title}：面向课后服务的科学教育资源，含活动设计、材料清单和评价建议。",
                kind = names.Pick(ResourceKinds),
                topics = names.Some(Topics, 1, 3),
                grades = names.Some(Enumerable.Range(1, 12).Select(g => $"grade-{g}").ToList(), 1, 4),
                format = names.Pick(Formats),
                provider = unit.Name,
                license = "CC BY-NC 4.0",
                url = $"https://resources.example.cn/{i}",
            }), token)).Id;
            var centre = keys.Centres.Next();
            await gateway.SendUntilAnsweredAsync(Call.Post($"/api/v1/resources/{id}/review", centre, new { decision = "approve", comment = "内容科学准确" }), token);
            await gateway.SendUntilAnsweredAsync(Call.Post($"/api/v1/resources/{id}/publish", centre, null), token);
            if (i % 10 == 0) await gateway.SendUntilAnsweredAsync(Call.Post($"/api/v1/resources/{id}/feature", centre, null), token);
            lock (published) published.Add(id);
        }, ct);
        return published;
    }

    private async Task<List<Guid>> OutreachAsync(Keys keys, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime);
        var campaigns = new List<Guid>();
        foreach (var (kind, name, provinces) in new[]
                 {
                     ("rural-tour", "科技教育活动乡村行（西部）", Places.Provinces.Skip(21).ToArray()),
                     ("rural-tour", "科技教育活动乡村行（中部）", Places.Provinces.Skip(11).Take(10).ToArray()),
                     ("revitalisation", "科技支撑乡村振兴公益行动", Places.Provinces.Take(11).ToArray()),
                 })
        {
            var reply = await gateway.SendUntilAnsweredAsync(Call.Post("/api/v1/campaigns", keys.Centres.Next(), new
            {
                name = $"{today.Year}年{name}",
                kind,
                provinces,
                startsOn = today.AddDays(-60).ToString("yyyy-MM-dd"),
                endsOn = today.AddDays(120).ToString("yyyy-MM-dd"),
                targets = new { schools = 200, teachers = 1000, activities = 400 },
            }), ct);
            campaigns.Add(reply.Id);
            await ForEach(provinces, async (province, token) =>
            {
                var city = Places.In(province);
                await gateway.SendUntilAnsweredAsync(Call.Post("/api/v1/stations", keys.Provinces[province], new
                {
                    name = $"{city.Counties[0]}乡村科教服务站", province, city = city.Name, county = city.Counties[0],
                    address = $"{city.Counties[0]}文化站", hostOrganization = $"{city.Counties[0]}科学技术协会",
                }), token);
                foreach (var county in city.Counties.Take(2))
                    await gateway.SendUntilAnsweredAsync(Call.Post($"/api/v1/campaigns/{reply.Id}/activities", keys.Provinces[province], new
                    {
                        kind = "activity", province, city = city.Name, county, schoolName = names.School(county),
                        date = today.AddDays(-names.Between(0, 30)).ToString("yyyy-MM-dd"), participants = names.Between(40, 400),
                    }), token);
            }, ct);
        }
        return campaigns;
    }

    /// <summary>Courses whose sessions start during seeding, so their enrolments can be attended and completed.</summary>
    private const int RunningCourses = 4;
    /// <summary>Time between a running course's two session starts.</summary>
    private static readonly TimeSpan SessionGap = TimeSpan.FromSeconds(5);
    /// <summary>Fixed part of the time left for enrolling into the running courses before their deadline.</summary>
    private static readonly TimeSpan EnrolmentMargin = TimeSpan.FromSeconds(10);

    private async Task<Dictionary<string, Guid>> BasesAsync(Keys keys, List<Guid> trainers, CancellationToken ct)
    {
        // Training hears of trainers from Experts' events: wait until its pool has them all.
        var centre = keys.Centres.Next();
        for (var waited = Stopwatch.StartNew(); ; await Task.Delay(500, ct))
        {
            var pool = await gateway.SendUntilAnsweredAsync(Call.Get("/api/v1/trainers?pageSize=1", centre), ct);
            if (pool.Json.GetProperty("total").GetInt64() >= trainers.Count) break;
            if (waited.Elapsed > TimeSpan.FromMinutes(2))
                throw new TimeoutException($"Training's trainer pool has {pool.Json.GetProperty("total")} of {trainers.Count} trainers after 2 minutes.");
        }
        var bases = new Dictionary<string, Guid>();
        foreach (var city in Places.Cities)
            bases[city.Province] = (await gateway.SendUntilAnsweredAsync(Call.Post("/api/v1/training-bases", centre, new
            {
                name = $"{city.Name}科技教师培训基地", kind = "science-venue", province = city.Province, city = city.Name, address = $"{city.Name}科技馆",
            }), ct)).Id;
        return bases;
    }

    /// <summary>Published courses of two sessions, the first starting at <paramref name="firstSession"/> (spread over 30 days
    /// for courses far ahead), enrolment closing just before it.</summary>
    private async Task<List<CourseRef>> CoursesAsync(Keys keys, Dictionary<string, Guid> bases, List<Guid> trainers, int count,
        DateTimeOffset firstSession, CancellationToken ct)
    {
        var courses = new List<CourseRef>();
        var running = firstSession - DateTimeOffset.UtcNow < TimeSpan.FromDays(1);
        await ForEach(Enumerable.Range(0, count), async (i, token) =>
        {
            var province = Places.Provinces[i % Places.Provinces.Count];
            var id = (await gateway.SendUntilAnsweredAsync(Call.Post("/api/v1/courses", keys.Centres.Next(), new
            {
                title = $"{names.ResourceTitle()}教师研修班",
                area = Areas[i % Areas.Length],
                mode = "offline",
                baseId = bases[province],
                trainerIds = new[] { trainers[i % trainers.Count] },
                capacity = 10_000,
                sessions = running
                    ? new[]
                    {
                        new { start = firstSession, end = firstSession.Add(SessionGap) },
                        new { start = firstSession.Add(SessionGap), end = firstSession.AddHours(3) },
                    }
                    : new[]
                    {
                        new { start = firstSession.AddDays(i % 30), end = firstSession.AddDays(i % 30).AddHours(3) },
                        new { start = firstSession.AddDays(i % 30 + 1), end = firstSession.AddDays(i % 30 + 1).AddHours(3) },
                    },
                rural = i % 2 == 0,
                enrolmentDeadline = running ? firstSession.AddSeconds(-1) : firstSession.AddDays(-1),
            }), token)).Id;
            await gateway.SendUntilAnsweredAsync(Call.Post($"/api/v1/courses/{id}/publish", keys.Centres.Next(), null), token);
            lock (courses) courses.Add(new CourseRef(id, 2));
        }, ct);
        return courses;
    }

    /// <summary>A teacher of a school in <paramref name="province"/> (rural in most counties).</summary>
    public static object Teacher(Names names, string province)
    {
        var city = Places.In(province);
        var county = names.Pick(city.Counties);
        return new
        {
            name = names.Person(), school = names.School(county), province, city = city.Name, county,
            rural = Places.IsRural(city, county), phone = names.Mobile(), email = names.Email("teacher.example.cn"),
        };
    }

    /// <summary>Enrols <paramref name="count"/> teachers into the running courses (capacity 10 000 each, so all are enrolled).</summary>
    private async Task<List<Guid>> EnrolRunningAsync(World world, int count, CancellationToken ct)
    {
        var enrolments = new List<Guid>();
        await ForEach(Enumerable.Range(0, count), async (i, token) =>
        {
            var province = Places.Provinces[i % Places.Provinces.Count];
            var course = world.RunningCourses[i % world.RunningCourses.Count];
            var enrolled = await gateway.SendUntilAnsweredAsync(Call.Post($"/api/v1/courses/{course.Id}/enrolments", world.SchoolKeys[province],
                new { teacher = Teacher(names, province) }), token);
            lock (enrolments) enrolments.Add(enrolled.Id);
        }, ct);
        return enrolments;
    }

    private async Task CompletionsAsync(World world, List<Guid> enrolments, CancellationToken ct) =>
        await ForEach(enrolments, async (id, token) =>
        {
            var centre = world.Centres.Next();
            for (var session = 0; session < 2; session++)
                await gateway.SendUntilAnsweredAsync(Call.Post($"/api/v1/enrolments/{id}/attendance", centre, new { session, present = true }), token);
            var completed = await gateway.SendUntilAnsweredAsync(Call.Post($"/api/v1/enrolments/{id}/completion", centre, null), token);
            world.Certificates.Add(completed.Json.GetProperty("certificateCode").GetString()!);
        }, ct);

    /// <summary>A visit request of a school in <paramref name="province"/>.</summary>
    public static object VisitForm(Names names, string province, DateTimeOffset around)
    {
        var city = Places.In(province);
        var county = names.Pick(city.Counties);
        return new
        {
            school = new { name = names.School(county), province, city = city.Name, county, rural = Places.IsRural(city, county) },
            kind = names.Pick(new[] { "science-talk", "elective-course", "practice-guidance" }),
            topic = names.Pick(Topics),
            grades = new[] { $"grade-{names.Between(3, 10)}" },
            audienceSize = names.Between(40, 600),
            preferredWindows = new[] { new { start = around, end = around.AddDays(30) } },
            durationMinutes = 90,
            notes = "希望结合课后服务开展。",
        };
    }

    private async Task VisitsAsync(World world, int count, CancellationToken ct) =>
        await ForEach(Enumerable.Range(0, count), async (i, token) =>
        {
            var province = Places.Provinces[i % Places.Provinces.Count];
            var visit = (await gateway.SendUntilAnsweredAsync(Call.Post("/api/v1/visit-requests", world.SchoolKeys[province],
                VisitForm(names, province, world.FirstSlotDay)), token)).Id;
            if (i % 4 == 3) return; // a quarter stay open
            var expert = world.ExpertKeys[i % world.ExpertKeys.Count];
            var (start, end) = world.NextSlot(expert.ExpertId!.Value);
            await gateway.SendUntilAnsweredAsync(Call.Post($"/api/v1/visit-requests/{visit}/assignment", world.ProvinceKeys[province],
                new { expertId = expert.ExpertId, start, end }), token);
            if (i % 4 == 2)
            {
                world.AssignedVisits.Enqueue(new AssignedVisit(visit, expert));
                return;
            }
            await gateway.SendUntilAnsweredAsync(Call.Post($"/api/v1/visit-requests/{visit}/acceptance", expert, new { accept = true, reason = "乐意前往" }), token);
            await gateway.SendUntilAnsweredAsync(Call.Post($"/api/v1/visit-requests/{visit}/delivery", expert,
                new { deliveredAt = DateTimeOffset.UtcNow.AddMinutes(-5), audienceCount = names.Between(40, 600), durationMinutes = 90 }), token);
        }, ct);

    private async Task DraftsAsync(World world, int count, CancellationToken ct) =>
        await ForEach(Enumerable.Range(0, count), async (i, token) =>
        {
            var province = Places.Provinces[i % Places.Provinces.Count];
            var owner = world.UnitKeys[province];
            var id = (await gateway.SendUntilAnsweredAsync(Call.Post("/api/v1/applications", owner, UnitForm(names, world.OpenCall, province)), token)).Id;
            await gateway.SendUntilAnsweredAsync(new Call(HttpMethod.Put, $"/api/v1/applications/{id}/seal-scan", owner, Content: SealScanContent()), token);
            world.Drafts.Enqueue(new ApplicationRef(id, province, owner));
        }, ct);

    private static Task ForEach<T>(IEnumerable<T> items, Func<T, CancellationToken, ValueTask> body, CancellationToken ct) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, body);

    private static async Task<List<Partner>> Many(int count, Func<int, Task<Partner>> create)
    {
        var result = new List<Partner>();
        for (var i = 1; i <= count; i++) result.Add(await create(i));
        return result;
    }

    private static byte[] MakePdf(int size)
    {
        var text = new StringBuilder("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n");
        while (text.Length < size - 16) text.Append("% scanned seal page data 0123456789abcdef\n");
        return Encoding.ASCII.GetBytes(text.Append("%%EOF\n").ToString());
    }
}
