using System.Text.RegularExpressions;

namespace Kechuang.BuildingBlocks.Domain;

/// <summary>The shared vocabularies of ../shared/API.md: regions, topics, grades, phones.</summary>
public static partial class Vocabulary
{
    /// <summary>Mainland provincial-level divisions, plus the Xinjiang Production and Construction Corps.</summary>
    public static readonly IReadOnlyList<string> Provinces =
    [
        "北京市", "天津市", "河北省", "山西省", "内蒙古自治区", "辽宁省", "吉林省", "黑龙江省",
        "上海市", "江苏省", "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省",
        "湖北省", "湖南省", "广东省", "广西壮族自治区", "海南省", "重庆市", "四川省", "贵州省",
        "云南省", "西藏自治区", "陕西省", "甘肃省", "青海省", "宁夏回族自治区", "新疆维吾尔自治区",
        "新疆生产建设兵团",
    ];

    private static readonly HashSet<string> ProvinceSet = new(Provinces, StringComparer.Ordinal);

    public static bool IsProvince(string? value) => value is not null && ProvinceSet.Contains(value);

    /// <summary>Topics shared by all services (experts, resources, courses).</summary>
    public static readonly IReadOnlyList<string> Topics =
    [
        "science-investigation", "robotics", "artificial-intelligence", "aerospace", "science-imaging",
        "science-festival", "physics", "chemistry", "biology", "earth-science", "information-technology",
        "engineering", "mathematics", "medicine-health", "agriculture", "environment",
    ];

    private static readonly HashSet<string> TopicSet = new(Topics, StringComparer.Ordinal);

    public static bool IsTopic(string? value) => value is not null && TopicSet.Contains(value);

    /// <summary><c>grade-1</c> … <c>grade-12</c> (小学一年级 … 高三).</summary>
    public static readonly IReadOnlyList<string> Grades = Enumerable.Range(1, 12).Select(g => $"grade-{g}").ToArray();

    private static readonly HashSet<string> GradeSet = new(Grades, StringComparer.Ordinal);

    public static bool IsGrade(string? value) => value is not null && GradeSet.Contains(value);

    /// <summary>A mainland mobile (13800138000) or a landline with its area code (010-68518519).</summary>
    public static bool IsPhone(string? value) => value is not null && PhonePattern().IsMatch(value);

    public static bool IsEmail(string? value) => value is not null && value.Length <= 254 && EmailPattern().IsMatch(value);

    /// <summary>Length as people count it: one per character, a Chinese character is one.</summary>
    public static int CharacterCount(string value)
    {
        var count = 0;
        foreach (var _ in value.EnumerateRunes()) count++;
        return count;
    }

    [GeneratedRegex(@"^(1[3-9]\d{9}|0\d{2,3}-\d{7,8}(-\d{1,6})?)$")]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();
}
