using Kechuang.BuildingBlocks.Text;
using Kechuang.BuildingBlocks.Domain;
using Kechuang.Resources.Domain;
using Kechuang.Resources.ReadModels;
using Kechuang.TestKit;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Kechuang.Resources.Tests;

/// <summary>A resource as generated, with what the search must find about it.</summary>
internal sealed record GeneratedResource(Guid Id, ResourceContent Content, ResourceStatus Status, bool Featured, DateTimeOffset At)
{
    public bool InTitle(string q) => SearchText.Fold(Content.Title).Contains(SearchText.Fold(q), StringComparison.Ordinal);

    public bool Matches(string q) => InTitle(q) || SearchText.Fold(Content.Summary).Contains(SearchText.Fold(q), StringComparison.Ordinal);
}

/// <summary>A deterministic catalogue of realistic Chinese resources, written through the event store in one transaction.</summary>
internal static class GeneratedCatalogue
{
    private static readonly string[] Subjects =
    [
        "智能机器人", "人工智能", "航天", "火箭", "卫星", "科学影像", "显微摄影", "科技节", "物理实验", "化学魔术", "生物多样性",
        "地球科学", "信息技术", "编程", "工程设计", "数学建模", "医学健康", "现代农业", "生态环境", "天文观测", "无人机",
        "3D打印", "电子电路", "水火箭", "气象站", "植物栽培", "昆虫观察", "桥梁搭建", "创客", "开源硬件", "传感器", "新能源",
    ];

    private static readonly string[] Forms = ["入门", "进阶", "活动指南", "课程", "实践", "探究", "项目式学习", "案例", "工具包", "微课", "科普讲座", "挑战赛"];

    private static readonly string[] Audiences = ["小学生", "初中生", "高中生", "乡村学校", "低年级", "高年级", "", "", ""];

    private static readonly string[] Phrases =
    [
        "通过动手实践培养学生的科学探究能力", "引导学生观察生活中的科学现象", "结合双减课后服务开展", "适合社团活动使用",
        "提供完整的教学设计与评价量表", "包含教师用书与学生活动单", "由高校专家与一线教师共同开发", "配套视频可在线使用",
        "鼓励学生分组合作完成项目", "面向乡村学校的低成本方案",
    ];

    public static IReadOnlyList<GeneratedResource> Create(int count, DateTimeOffset start, int seed = 20211027)
    {
        var random = new Random(seed);
        var resources = new List<GeneratedResource>(count)
        {
            new(Guid.NewGuid(), Content("智能机器人入门", "从零开始认识机器人的结构与编程。", ["robotics"], ["grade-5", "grade-6"], ResourceFormat.Online),
                ResourceStatus.Published, false, start),
        };
        for (var i = 1; i < count; i++)
        {
            var title = $"{Pick(random, Audiences)}{Pick(random, Subjects)}{Pick(random, Forms)}";
            var summary = $"本资源围绕{Pick(random, Subjects)}主题，{Pick(random, Phrases)}，{Pick(random, Phrases)}。";
            var topics = Vocabulary.Topics.OrderBy(_ => random.Next()).Take(random.Next(1, 4)).ToList();
            var low = random.Next(1, 13);
            var grades = Enumerable.Range(low, Math.Min(12, low + random.Next(0, 4)) - low + 1).Select(g => $"grade-{g}").ToList();
            var format = (ResourceFormat)random.Next(3);
            var roll = random.Next(100);
            var status = roll switch
            {
                < 80 => ResourceStatus.Published,
                < 85 => ResourceStatus.Archived,
                < 90 => ResourceStatus.Submitted,
                < 95 => ResourceStatus.Approved,
                _ => ResourceStatus.ChangesRequested,
            };
            var featured = status == ResourceStatus.Published && random.Next(10) == 0;
            resources.Add(new(Guid.NewGuid(), Content(title, summary, topics, grades, format), status, featured, start.AddMinutes(i)));
        }
        return resources;
    }

    public static async Task SeedAsync(IServiceProvider services, IReadOnlyList<GeneratedResource> resources)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        var contributor = Actors.Unit(Guid.NewGuid());
        await using var session = store.LightweightSession();
        foreach (var r in resources) session.Events.StartStream<Resource>(r.Id, Events(r, contributor));
        await session.SaveChangesAsync();
    }

    private static object[] Events(GeneratedResource r, Actor contributor)
    {
        var events = new List<object> { new ResourceSubmitted(r.Id, r.Content, contributor, r.At) };
        if (r.Status == ResourceStatus.Submitted) return [.. events];
        var approved = r.Status != ResourceStatus.ChangesRequested;
        events.Add(new ResourceReviewed(r.Id, approved ? ReviewDecision.Approve : ReviewDecision.RequestChanges, "审核意见", Actors.Centre, r.At));
        if (r.Status is ResourceStatus.Published or ResourceStatus.Archived)
        {
            var c = r.Content;
            events.Add(new ResourcePublished(r.Id, c.Title, c.Kind, c.Topics, c.Grades, c.Format, false, Actors.Centre, r.At));
        }
        if (r.Featured) events.Add(new ResourceFeatured(r.Id, Actors.Centre, r.At));
        if (r.Status == ResourceStatus.Archived) events.Add(new ResourceArchived(r.Id, null, Actors.Centre, r.At));
        return [.. events];
    }

    private static ResourceContent Content(string title, string summary, IReadOnlyList<string> topics, IReadOnlyList<string> grades, ResourceFormat format) =>
        new(title, summary, ResourceKind.ActivityGuide, topics, grades, format, "中国青少年科技中心", "CC BY-NC 4.0", "https://example.org/r", null);

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];
}
