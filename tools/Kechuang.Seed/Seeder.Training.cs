namespace Kechuang.Seed;

public sealed partial class Seeder
{
    private static readonly (string Area, string Name)[] Areas =
    [
        ("frontier-science", "前沿科技"), ("scientific-method", "科学方法"), ("innovation", "创新教育"),
        ("science-spirit", "科学家精神"), ("activity-guidance", "科技活动指导"),
    ];

    /// <summary>Time between a running course's two session starts.</summary>
    private static readonly TimeSpan SessionGap = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Training bases, courses with enrolments (a waitlist, a cancellation that promotes), tutor
    /// certifications, and short online courses that start while the seed runs: their teachers are
    /// enrolled before the first session, attend both, complete and get their certificates.
    /// </summary>
    /// <returns>The certificates issued.</returns>
    private async Task<int> TrainingAsync(SeedScale scale, List<SeededExpert> experts, CancellationToken ct)
    {
        var trainers = experts.Where(e => e.Trainer).ToList();
        await TrainerPoolAsync(trainers, ct);

        var bases = new Dictionary<Province, Guid>();
        await ForEachAsync("training bases", Geography.Provinces, async p =>
        {
            var city = p.Cities[0];
            var (kind, name) = (Geography.Number(p) % 3) switch
            {
                0 => ("science-venue", $"{city.Name}科技馆科技教师培训基地"),
                1 => ("university", $"{p.Name}师范院校科技教师培训基地"),
                _ => ("school", $"{city.Name}中小学科学教育实践基地"),
            };
            var id = (await api.PostAsync(Association(p), "/api/v1/training-bases", new
            {
                name, kind, province = p.Name, city = city.Name, address = $"{city.Name}{city.Counties[0].Name}",
            }, Key($"base/{p.Slug}"))).GetProperty("id").GetGuid();
            lock (bases) bases[p] = id;
        }, ct);
        progress.Finish($"{bases.Count} training bases");

        // The running courses: enrolment closes a second before the first session, which starts once
        // every teacher has had time to enrol.
        var teachers = PerProvince(scale.CompletionsPerProvince);
        var soon = DateTimeOffset.UtcNow + Margin(teachers.Count);
        var firstSession = new DateTimeOffset(soon.Ticks - soon.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var running = new List<Guid>();
        progress.Start("online courses", scale.RunningCourses);
        for (var n = 0; n < scale.RunningCourses; n++)
        {
            var item0 = $"course/online/{firstSession:yyyyMMddHHmmss}/{n}";
            var id = (await api.PostAsync(Centre, "/api/v1/courses", new
            {
                title = $"乡村科技教师科学素质提升网络研修班（第{n + 1}期）",
                area = Areas[n % Areas.Length].Area,
                mode = "online",
                trainerIds = new[] { trainers[n % trainers.Count].Id },
                capacity = 500,
                sessions = new[]
                {
                    new { start = firstSession, end = firstSession.Add(SessionGap) },
                    new { start = firstSession.Add(SessionGap), end = firstSession.AddHours(2) },
                },
                rural = true,
                enrolmentDeadline = firstSession.AddSeconds(-1),
            }, Key(item0))).GetProperty("id").GetGuid();
            await api.PostAsync(Centre, $"/api/v1/courses/{id}/publish", null, Key($"{item0}/publish"));
            running.Add(id);
            progress.Step();
        }
        progress.Finish($"{running.Count} online courses, sessions from {firstSession.ToOffset(Beijing):HH:mm:ss} Beijing time");

        var enrolled = new List<(Province Province, Guid Enrolment)>();
        await ForEachAsync("teachers", teachers, async t =>
        {
            var course = running[t.Item % running.Count];
            var (city, county) = t.Province.Places.Where(x => x.County.Rural).ElementAt(t.Index % 2);
            var id = (await api.PostAsync(Association(t.Province), $"/api/v1/courses/{course}/enrolments",
                new { teacher = Teacher(new DemoNames($"teacher/{t.Province.Slug}/{t.Index}"), t.Province, city, county, t.Item, 37) },
                Key($"enrolment/{course}/{t.Item}"))).GetProperty("id").GetGuid();
            lock (enrolled) enrolled.Add((t.Province, id));
        }, ct);
        progress.Finish($"{enrolled.Count} rural teachers enrolled in the online courses");

        await CoursesAsync(scale, trainers, bases, ct);
        var certified = await CertificationsAsync(experts, ct);

        var lastSession = firstSession.Add(SessionGap);
        if (lastSession > DateTimeOffset.UtcNow)
        {
            progress.Note($"waiting {(lastSession - DateTimeOffset.UtcNow).TotalSeconds:0} s for the online courses' last session to start");
            await Task.Delay(lastSession - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(500), ct);
        }
        var codes = new List<string>();
        await ForEachAsync("completions", enrolled, async e =>
        {
            for (var session = 0; session < 2; session++)
                await api.PostAsync(Association(e.Province), $"/api/v1/enrolments/{e.Enrolment}/attendance", new { session, present = true },
                    Key($"enrolment/{e.Enrolment}/attendance/{session}"));
            var done = await api.PostAsync(Association(e.Province), $"/api/v1/enrolments/{e.Enrolment}/completion", null,
                Key($"enrolment/{e.Enrolment}/completion"));
            lock (codes) codes.Add(done.GetProperty("certificateCode").GetString()!);
        }, ct);
        progress.Finish($"{codes.Count} courses completed, each with its certificate");
        return codes.Count + certified;
    }

    private static TimeSpan Margin(int teachers) => TimeSpan.FromSeconds(10) + TimeSpan.FromMilliseconds(100) * teachers;

    private static object Teacher(DemoNames names, Province province, City city, County county, int number, int series) => new
    {
        name = names.Person(), school = names.School(county.Name), province = province.Name, city = city.Name, county = county.Name,
        rural = county.Rural, phone = DemoNames.Mobile(series, number), email = $"teacher{series}{number}@school.example.cn",
    };

    /// <summary>Training hears of vetted trainers from the Experts service's events: wait until its pool has ours.</summary>
    private async Task TrainerPoolAsync(IReadOnlyList<SeededExpert> trainers, CancellationToken ct)
    {
        progress.Start("trainer pool", trainers.Count);
        var deadline = DateTimeOffset.UtcNow.AddMinutes(2);
        while (true)
        {
            var pool = (await api.ListAllAsync(Centre, "/api/v1/trainers")).Select(t => t.GetProperty("expertId").GetGuid()).ToHashSet();
            var missing = trainers.Count(t => !pool.Contains(t.Id));
            if (missing == 0) break;
            if (DateTimeOffset.UtcNow > deadline)
                throw new SeedException($"Training's trainer pool lacks {missing} of the {trainers.Count} trainers vetted 2 minutes ago: are its consumers running?");
            await Task.Delay(250, ct);
        }
        progress.Finish($"{trainers.Count} trainers in Training's pool");
    }

    /// <summary>A course per province at its training base, weeks ahead: most open for enrolment (one with a waitlist), some still being planned.</summary>
    private async Task CoursesAsync(SeedScale scale, List<SeededExpert> trainers, Dictionary<Province, Guid> bases, CancellationToken ct)
    {
        var courses = Geography.Provinces.Select((p, n) => (Province: p, Number: n)).ToList();
        var enrolments = 0;
        await ForEachAsync("courses", courses, async c =>
        {
            var (area, areaName) = Areas[c.Number % Areas.Length];
            var association = Association(c.Province);
            var start = Day(20 + c.Number, 9);
            var item0 = $"course/{c.Province.Slug}";
            var id = (await api.PostAsync(association, "/api/v1/courses", new
            {
                title = $"{c.Province.Name}科技教师{areaName}研修班",
                area,
                mode = "offline",
                baseId = bases[c.Province],
                trainerIds = new[] { trainers[c.Number % trainers.Count].Id },
                capacity = Math.Max(1, scale.EnrolmentsPerCourse - 2),
                sessions = new[]
                {
                    new { start, end = start.AddHours(3) },
                    new { start = start.AddDays(1), end = start.AddDays(1).AddHours(3) },
                },
                rural = c.Number % 2 == 0,
                enrolmentDeadline = Day(15, 18),
            }, Key(item0))).GetProperty("id").GetGuid();
            if (c.Number % 5 == 4) return; // still being planned: scheduled, not open
            await api.PostAsync(association, $"/api/v1/courses/{id}/publish", null, Key($"{item0}/publish"));

            // In order, so the same teachers are seated and waitlisted on every run; the first then
            // cancels, which promotes the first waitlisted.
            var first = Guid.Empty;
            for (var k = 0; k < scale.EnrolmentsPerCourse; k++)
            {
                var (city, county) = c.Province.Places.ElementAt(k % c.Province.Places.Count());
                var number = c.Number * 100 + k;
                var enrolment = (await api.PostAsync(association, $"/api/v1/courses/{id}/enrolments",
                    new { teacher = Teacher(new DemoNames($"teacher/{c.Province.Slug}/course/{k}"), c.Province, city, county, number, 35) },
                    Key($"{item0}/enrolment/{k}"))).GetProperty("id").GetGuid();
                if (k == 0) first = enrolment;
                Interlocked.Increment(ref enrolments);
            }
            await api.PostAsync(association, $"/api/v1/enrolments/{first}/cancellation", new { reason = "学校教学安排冲突。" }, Key($"{item0}/cancellation"));
        }, ct);
        progress.Finish($"{courses.Count} courses at the bases, {enrolments} enrolments (seated, waitlisted, cancelled)");
    }

    /// <summary>Off-campus S&amp;T tutors seeking certification: certified, refused and still being assessed.</summary>
    /// <returns>How many were certified.</returns>
    private async Task<int> CertificationsAsync(List<SeededExpert> experts, CancellationToken ct)
    {
        var assessors = experts.Where(e => e.Username is not null).ToList();
        var levels = new[] { "primary", "intermediate", "senior", "primary", "intermediate", "primary" };
        var candidates = levels.Select((level, n) => (Level: level, Number: n, Province: n == 0 ? Geography.Demo : Geography.Provinces[n * 5])).ToList();
        var certified = 0;
        await ForEachAsync("certifications", candidates, async c =>
        {
            var names = new DemoNames($"certification/{c.Number}");
            var item0 = $"certification/{c.Number}";
            var id = (await api.PostAsync(Association(c.Province), "/api/v1/certifications", new
            {
                candidate = new
                {
                    name = names.Person(), organization = $"{c.Province.Cities[0].Name}青少年科技辅导员协会", province = c.Province.Name,
                    phone = DemoNames.Mobile(33, c.Number), email = $"tutor{c.Number}@tutor.example.cn",
                },
                level = c.Level,
            }, Key(item0))).GetProperty("id").GetGuid();
            if (c.Number == 5) return; // just requested
            var assessor = assessors[c.Number % assessors.Count];
            await api.PostAsync(Centre, $"/api/v1/certifications/{id}/assessors", new { expertIds = new[] { assessor.Id } }, Key($"{item0}/assessors"));
            var parts = c.Level == "senior" ? new[] { "written", "portfolio", "defence" } : ["written", "portfolio"];
            foreach (var part in c.Number == 4 ? parts.Take(1) : parts)
                await api.PostAsync(_callers[assessor.Username!], $"/api/v1/certifications/{id}/assessments",
                    new { part, score = c.Number == 3 && part == "portfolio" ? 52 : names.Between(68, 96) }, Key($"{item0}/assessment/{part}"));
            if (c.Number == 4) return; // still being assessed
            var certify = c.Number != 3;
            await api.PostAsync(Centre, $"/api/v1/certifications/{id}/decision", new
            {
                decision = certify ? "certify" : "refuse", comment = certify ? "各项考核合格。" : "成果材料未达到要求。",
            }, Key($"{item0}/decision"));
            if (certify) Interlocked.Increment(ref certified);
        }, ct);
        progress.Finish($"{candidates.Count} tutor certifications, {certified} certified");
        return certified;
    }
}
