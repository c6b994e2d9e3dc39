using System.Text.Json;

namespace Kechuang.Dashboard.Api;

/// <summary>Who acted: an API key or a staff user, as the history shows it.</summary>
public sealed record ActorDto(string Id, string Name, string Role, string? Province);

/// <summary>One step of a record's life: <c>{type, at, by, data}</c>.</summary>
public sealed record HistoryEntryDto(string Type, DateTimeOffset At, ActorDto? By, long Version, JsonElement Data);

public sealed record TimeSlotDto(DateTimeOffset Start, DateTimeOffset End);

/// <summary>Vocabularies of API.md the dashboard offers in its filters.</summary>
public static class Vocabulary
{
    /// <summary>Mainland provincial-level divisions and 新疆生产建设兵团, as the API spells them.</summary>
    public static readonly IReadOnlyList<string> Provinces =
    [
        "北京市", "天津市", "河北省", "山西省", "内蒙古自治区", "辽宁省", "吉林省", "黑龙江省",
        "上海市", "江苏省", "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省",
        "湖北省", "湖南省", "广东省", "广西壮族自治区", "海南省", "重庆市", "四川省", "贵州省",
        "云南省", "西藏自治区", "陕西省", "甘肃省", "青海省", "宁夏回族自治区", "新疆维吾尔自治区",
        "新疆生产建设兵团",
    ];

    public static readonly IReadOnlyList<string> Topics =
    [
        "science-investigation", "robotics", "artificial-intelligence", "aerospace", "science-imaging",
        "science-festival", "physics", "chemistry", "biology", "earth-science", "information-technology",
        "engineering", "mathematics", "medicine-health", "agriculture", "environment",
    ];

    public static readonly IReadOnlyList<string> ApplicationStatuses =
        ["draft", "submitted", "recommended", "returned", "not-recommended", "designated", "declined"];

    public static readonly IReadOnlyList<string> PilotKinds = ["pilot-unit", "pilot-city"];

    public static readonly IReadOnlyList<string> VisitStatuses = ["open", "proposed", "confirmed", "delivered", "cancelled"];
}
