using System.Security.Cryptography;
using System.Text;

namespace Kechuang.Seed;

/// <summary>
/// Names, titles and contact details for one item of the data set, drawn from fixed lists by a
/// random source seeded with the item's key: the same item gets the same names on every run and
/// machine, whatever order the parallel seeding reaches it in.
/// </summary>
public sealed class DemoNames
{
    private static readonly string[] Surnames =
        ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "欧阳"];
    private static readonly string[] Given =
        ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞", "平", "刚", "建华", "志强", "海燕", "振华", "晓东", "思远", "雨桐", "子涵", "浩然", "文博"];
    private static readonly string[] SchoolKinds = ["中心小学", "实验小学", "第一小学", "第二小学", "第一中学", "实验中学", "民族中学", "九年一贯制学校"];
    private static readonly string[] Universities = ["北京大学", "清华大学", "中国科学技术大学", "浙江大学", "兰州大学", "四川大学", "云南大学", "中山大学", "武汉大学", "西北农林科技大学"];
    private static readonly string[] Schools = ["物理学院", "生命科学学院", "计算机学院", "化学学院", "地球科学学院"];
    private static readonly string[] Institutes = ["物理研究所", "化学研究所", "动物研究所", "空间应用工程与技术中心", "自动化研究所", "地理科学与资源研究所"];
    private static readonly string[] Disciplines = ["物理学", "化学", "生物学", "天文学", "计算机科学", "地理学", "机械工程", "农学", "医学", "生态学", "数学"];
    private static readonly string[] ExpertTitles = ["教授", "研究员", "副教授", "高级工程师", "正高级教师", "副研究员"];
    private static readonly string[] Subjects =
        ["智能机器人", "航天科普", "显微摄影", "人工智能", "科学探究", "青少年编程", "天文观测", "生态环保", "航空模型", "化学实验", "农业科技", "健康生活", "地震科普", "数学建模"];
    private static readonly string[] ResourceForms = ["入门", "实践活动指南", "微课", "探秘", "课程包", "教学案例", "工具包", "系列讲座"];

    private readonly Random _random;

    public DemoNames(string itemKey) => _random = new Random(BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes(itemKey))));

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    public int Between(int min, int maxExclusive) => _random.Next(min, maxExclusive);

    public IReadOnlyList<T> Some<T>(IReadOnlyList<T> items, int min, int max) =>
        items.OrderBy(_ => _random.Next()).Take(Between(min, max + 1)).ToList();

    public string Person() => Pick(Surnames) + Pick(Given);

    public string School(string county) => $"{county}{Pick(["", "城关", "民族", "希望"])}{Pick(SchoolKinds)}";

    public string Discipline() => Pick(Disciplines);

    public string ExpertTitle() => Pick(ExpertTitles);

    public string Affiliation() => Between(0, 10) < 6 ? Pick(Universities) + Pick(Schools) : "中国科学院" + Pick(Institutes);

    public string Subject() => Pick(Subjects);

    public string ResourceTitle(string subject) => $"{subject}{Pick(ResourceForms)}（{Pick(["小学", "初中", "高中"])}版）";

    /// <summary>A mainland mobile number unique to (<paramref name="series"/>, <paramref name="index"/>): enrolment refuses one phone twice in a course.</summary>
    public static string Mobile(int series, int index) => $"1{series:D2}{index % 100_000_000:D8}";

    /// <summary>A stable id for an organisation of the data set (a unit or a school), the same on every run.</summary>
    public static Guid OrganizationId(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("kechuang-seed/organization/" + name));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50); // version 5-style, name-based
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
