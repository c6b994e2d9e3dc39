namespace Kechuang.Contracts;

/// <summary>
/// The shared vocabularies of API.md that every service and the dashboard spell the same way:
/// regions (<see cref="SchoolRef.Province"/>, <see cref="IIntegrationEvent.Province"/>) and topics
/// (<c>ExpertVetted.Topics</c>, <c>ResourcePublished.Topics</c>…). BuildingBlocks'
/// <c>Vocabulary</c> validates against these lists.
/// </summary>
public static class Vocabularies
{
    /// <summary>Mainland provincial-level divisions, plus the Xinjiang Production and Construction Corps, in the API's order.</summary>
    public static readonly IReadOnlyList<string> Provinces =
    [
        "北京市", "天津市", "河北省", "山西省", "内蒙古自治区", "辽宁省", "吉林省", "黑龙江省",
        "上海市", "江苏省", "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省",
        "湖北省", "湖南省", "广东省", "广西壮族自治区", "海南省", "重庆市", "四川省", "贵州省",
        "云南省", "西藏自治区", "陕西省", "甘肃省", "青海省", "宁夏回族自治区", "新疆维吾尔自治区",
        "新疆生产建设兵团",
    ];

    /// <summary>Topics shared by all services (experts, resources, courses, visits).</summary>
    public static readonly IReadOnlyList<string> Topics =
    [
        "science-investigation", "robotics", "artificial-intelligence", "aerospace", "science-imaging",
        "science-festival", "physics", "chemistry", "biology", "earth-science", "information-technology",
        "engineering", "mathematics", "medicine-health", "agriculture", "environment",
    ];

    /// <summary>Each topic's Chinese name, as the notice words it (科学节, not 科技节).</summary>
    public static readonly IReadOnlyDictionary<string, string> TopicNames = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["science-investigation"] = "科学调查体验", ["robotics"] = "机器人", ["artificial-intelligence"] = "人工智能",
        ["aerospace"] = "航空航天", ["science-imaging"] = "科学影像", ["science-festival"] = "科学节",
        ["physics"] = "物理", ["chemistry"] = "化学", ["biology"] = "生物", ["earth-science"] = "地球科学",
        ["information-technology"] = "信息技术", ["engineering"] = "工程", ["mathematics"] = "数学",
        ["medicine-health"] = "医学健康", ["agriculture"] = "农业", ["environment"] = "环境",
    };
}
