namespace Kechuang.Seed;

public sealed partial class Seeder
{
    private static readonly string[] ResourceKinds = ["activity-guide", "course", "video", "case", "toolkit", "article"];

    /// <summary>Where each resource ends up, by its number: every status, one in eight featured in the 助力"双减" column.</summary>
    private static readonly string[] ResourceOutcomes =
        ["submitted", "changes-requested", "rejected", "approved", "published", "published", "featured", "archived"];

    private static IReadOnlyList<string> Grades(DemoNames names)
    {
        var first = names.Between(1, 11);
        return [.. Enumerable.Range(first, names.Between(1, 4)).Where(g => g <= 12).Select(g => $"grade-{g}")];
    }

    /// <summary>
    /// Schools subscribe first (so publishing pushes to them, 送到学校), then resources are contributed
    /// and curated to every status; three packages bundle published ones.
    /// </summary>
    private async Task<List<Guid>> ResourcesAsync(SeedScale scale, CancellationToken ct)
    {
        var schools = Geography.Provinces.SelectMany(p => p.Places.Where(x => x.County.Rural).Take(2).Select(x => (Province: p, x.City, x.County)))
            .Select((s, n) => (s.Province, s.City, s.County, Number: n)).ToList();
        await ForEachAsync("subscriptions", schools, async s =>
        {
            var names = new DemoNames($"subscription/{s.Number}");
            var demo = s.Province == Geography.Demo && s.County.Name == SchoolPlace.County;
            await api.PostAsync(demo ? School : Platform, "/api/v1/subscriptions", new
            {
                school = new
                {
                    name = demo ? SchoolName : names.School(s.County.Name), province = s.Province.Name, city = s.City.Name, county = s.County.Name, rural = true,
                },
                topics = names.Some(Topics, 2, 4),
                grades = Grades(names),
            }, Key($"subscription/{s.Number}"));
        }, ct);
        progress.Finish($"{schools.Count} rural schools subscribed to topics and grades");

        var items = PerProvince(scale.ResourcesPerProvince);
        var published = new List<(int Number, Guid Id)>();
        await ForEachAsync("resources", items, async item =>
        {
            var (province, index, number) = item;
            var outcome = ResourceOutcomes[number % ResourceOutcomes.Length];
            var names = new DemoNames($"resource/{province.Slug}/{index}");
            var subject = names.Subject();
            var title = names.ResourceTitle(subject);
            var contributor = province == Geography.Demo && index == 0 ? Unit : Association(province);
            var item0 = $"resource/{province.Slug}/{index}";
            var id = (await api.PostAsync(contributor, "/api/v1/resources", new
            {
                title,
                summary = $"{title}：面向课后服务的{subject}科学教育资源，含活动设计、材料清单、安全提示和评价建议。",
                kind = names.Pick(ResourceKinds),
                topics = names.Some(Topics, 1, 3),
                grades = Grades(names),
                format = names.Pick(["online", "offline", "blended"]),
                provider = contributor == Unit ? UnitName : $"{province.Name}科学技术协会",
                license = "CC BY-NC 4.0",
                url = $"https://resources.example.cn/{province.Slug}/{index}",
            }, Key(item0))).GetProperty("id").GetGuid();
            if (outcome == "submitted") return;

            var decision = outcome switch { "changes-requested" => "request-changes", "rejected" => "reject", _ => "approve" };
            await api.PostAsync(Centre, $"/api/v1/resources/{id}/review", new
            {
                decision,
                comment = decision switch
                {
                    "approve" => "内容科学准确，适合课后服务使用。",
                    "reject" => "资源内容与中小学科学教育目标关联不足。",
                    _ => "请补充材料清单和安全提示后重新提交。",
                },
            }, Key($"{item0}/review"));
            if (outcome is "changes-requested" or "rejected" or "approved") return;
            await api.PostAsync(Centre, $"/api/v1/resources/{id}/publish", null, Key($"{item0}/publish"));
            if (outcome == "featured") await api.PostAsync(Centre, $"/api/v1/resources/{id}/feature", null, Key($"{item0}/feature"));
            if (outcome == "archived")
            {
                await api.PostAsync(Centre, $"/api/v1/resources/{id}/archive", new { reason = "内容已由新版资源替代。" }, Key($"{item0}/archive"));
                return;
            }
            lock (published) published.Add((number, id));
        }, ct);
        var catalogue = published.OrderBy(p => p.Number).Select(p => p.Id).ToList();
        progress.Finish($"{items.Count} resources, {catalogue.Count} of them in the catalogue");

        var packages = new[]
        {
            ("乡村学校科学教育资源包（小学）", "面向乡村小学课后服务的科学探究与实践活动资源。", "乡村小学", true),
            ("人工智能与机器人启蒙资源包", "适合初中信息科技和科技社团使用的资源组合。", "初中科技社团", true),
            ("航天科普主题资源包", "配合“天宫课堂”等航天科普活动的资源组合。", "小学高年级和初中", false),
        };
        progress.Start("packages", packages.Length);
        for (var n = 0; n < packages.Length; n++)
        {
            var (title, description, audience, publish) = packages[n];
            var resourceIds = catalogue.Where((_, i) => i % packages.Length == n).Take(6).ToList();
            if (resourceIds.Count == 0) resourceIds = [.. catalogue.Take(1)];
            var id = (await api.PostAsync(Centre, "/api/v1/packages", new { title, description, resourceIds, audience }, Key($"package/{n}")))
                .GetProperty("id").GetGuid();
            if (publish) await api.PostAsync(Centre, $"/api/v1/packages/{id}/publish", null, Key($"package/{n}/publish"));
            progress.Step();
        }
        progress.Finish($"{packages.Length} resource packages, {packages.Count(p => p.Item4)} published");
        return catalogue;
    }

    /// <summary>Offline deliveries: each province brings a published resource to two of its rural schools.</summary>
    private async Task DeliveriesAsync(List<Guid> catalogue, CancellationToken ct)
    {
        var items = Geography.Provinces.SelectMany(p => p.Places.Where(x => x.County.Rural).Skip(1).Take(2).Select(x => (Province: p, x.City, x.County)))
            .Select((d, n) => (d.Province, d.City, d.County, Number: n)).ToList();
        await ForEachAsync("deliveries", items, async d =>
        {
            var names = new DemoNames($"delivery/{d.Number}");
            await api.PostAsync(Association(d.Province), "/api/v1/deliveries", new
            {
                resourceId = catalogue[d.Number % catalogue.Count],
                school = new { name = names.School(d.County.Name), province = d.Province.Name, city = d.City.Name, county = d.County.Name, rural = true },
                mode = "offline",
                deliveredAt = Day(-names.Between(3, 40), 10),
            }, Key($"delivery/{d.Number}"));
        }, ct);
        progress.Finish($"{items.Count} offline deliveries to rural schools");
    }
}
