using Kechuang.BuildingBlocks.Domain;
using Kechuang.Resources.Domain;

namespace Kechuang.Bench.Search;

/// <summary>A large, varied catalogue of Chinese resources, generated the same way on every run.</summary>
internal static class BenchCatalogue
{
    private static readonly string[] Subjects =
    [
        "智能机器人", "人工智能", "航天", "火箭", "卫星", "空间站", "科学影像", "显微摄影", "延时摄影", "科技节", "物理实验", "化学魔术",
        "生物多样性", "地球科学", "信息技术", "编程", "图形化编程", "工程设计", "数学建模", "医学健康", "现代农业", "生态环境",
        "天文观测", "无人机", "3D打印", "电子电路", "水火箭", "气象站", "植物栽培", "昆虫观察", "桥梁搭建", "创客", "开源硬件",
        "传感器", "新能源", "垃圾分类", "湿地保护", "恐龙化石", "光的折射", "声音的秘密", "磁铁", "机械传动", "鸟类迁徙",
        "海洋科学", "极地科考", "火山地震", "水资源", "土壤检测", "杂交水稻", "中医药", "人体奥秘", "营养膳食", "急救常识",
        "北斗导航", "5G通信", "量子科技", "芯片", "大数据", "物联网", "智慧农业", "航空模型", "船舶模型", "科学调查",
        "古代科技", "纸桥承重", "鸡蛋撞地球", "太阳能小车", "风力发电", "净水实验", "酸碱指示剂", "叶脉书签", "DNA提取", "细胞观察",
    ];

    private static readonly string[] Forms =
    [
        "入门", "进阶", "活动指南", "课程", "实践", "探究", "项目式学习", "优秀案例", "工具包", "微课", "科普讲座", "创意设计",
        "动手做", "挑战赛", "研学手册", "实验手册", "教学设计", "主题活动", "校本课程", "社团活动方案", "亲子活动", "专题视频",
    ];

    private static readonly string[] Audiences =
    [
        "小学生", "初中生", "高中生", "科技辅导员", "乡村学校", "低年级", "高年级", "课后服务", "寒假", "暑期", "", "", "", "", "",
    ];

    private static readonly string[] Regions = ["贵州", "云南", "甘肃", "四川", "广西", "河北", "内蒙古", "新疆", "西藏", "青海"];

    private static readonly string[] Phrases =
    [
        "通过动手实践培养学生的科学探究能力", "引导学生观察生活中的科学现象", "结合双减课后服务开展", "适合课后服务与社团活动使用",
        "提供完整的教学设计与评价量表", "包含教师用书与学生活动单", "帮助学生理解基本原理", "由高校专家与一线教师共同开发",
        "配套视频与课件可在线使用", "鼓励学生分组合作完成项目", "融合跨学科知识", "面向乡村学校的低成本方案", "材料易得且安全可靠",
        "以问题驱动学生自主设计实验", "记录数据并撰写研究报告", "走进科技馆开展研学", "邀请科学家进校园", "培养工程思维与创新意识",
        "体验科学家的研究过程", "提升学生的信息素养", "关注身边的环境问题", "开展长期观察与记录", "制作作品并进行展示交流",
        "适合在教室或操场开展", "每课时约四十分钟", "分为基础与拓展两个层次", "配有安全提示与应急预案", "可与综合实践活动课结合",
        "支持线上线下混合教学", "获评全国优秀科技教育活动案例",
    ];

    public static IReadOnlyList<(Guid Id, ResourceContent Content, bool Featured, DateTimeOffset PublishedAt)> Create(int count, int seed)
    {
        var random = new Random(seed);
        var resources = new List<(Guid, ResourceContent, bool, DateTimeOffset)>(count);
        var start = new DateTimeOffset(2022, 1, 1, 0, 0, 0, TimeSpan.FromHours(8));
        for (var i = 0; i < count; i++)
        {
            var region = random.Next(5) == 0 ? Pick(random, Regions) : "";
            var title = $"{region}{Pick(random, Audiences)}{Pick(random, Subjects)}{Pick(random, Forms)}";
            var theme = Pick(random, Subjects);
            var summary = random.Next(4) switch
            {
                0 => $"本资源以{theme}为主题，{Pick(random, Phrases)}，{Pick(random, Phrases)}。",
                1 => $"围绕{theme}，{Pick(random, Phrases)}。{Pick(random, Phrases)}。",
                2 => $"{Pick(random, Phrases)}，{Pick(random, Phrases)}，涉及{theme}等内容。",
                _ => $"{theme}：{Pick(random, Phrases)}。",
            };
            var topics = Vocabulary.Topics.OrderBy(_ => random.Next()).Take(random.Next(1, 4)).ToList();
            var low = random.Next(1, 13);
            var grades = Enumerable.Range(low, Math.Min(12, low + random.Next(0, 6)) - low + 1).Select(g => $"grade-{g}").ToList();
            var content = new ResourceContent(title, summary, (ResourceKind)random.Next(6), topics, grades,
                (ResourceFormat)random.Next(3), "中国青少年科技辅导员协会", "CC BY-NC 4.0", $"https://example.org/r/{i}", null);
            resources.Add((Guid.NewGuid(), content, random.Next(20) == 0, start.AddMinutes(random.Next(3 * 365 * 24 * 60))));
        }
        return resources;
    }

    /// <summary>A word people search the catalogue for: a subject or a form, as written in titles.</summary>
    public static string Word(Random random) => random.Next(4) == 0 ? Pick(random, Forms) : Pick(random, Subjects);

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];
}
