using System.Text.RegularExpressions;
using Kechuang.Contracts;

namespace Kechuang.BuildingBlocks.Domain;

/// <summary>The shared vocabularies of ../shared/API.md: regions, topics (their lists in Contracts' <see cref="Vocabularies"/>), grades, phones.</summary>
public static partial class Vocabulary
{
    /// <summary>Mainland provincial-level divisions, plus the Xinjiang Production and Construction Corps (Contracts' list).</summary>
    public static readonly IReadOnlyList<string> Provinces = Vocabularies.Provinces;

    private static readonly HashSet<string> ProvinceSet = new(Provinces, StringComparer.Ordinal);

    public static bool IsProvince(string? value) => value is not null && ProvinceSet.Contains(value);

    /// <summary>Topics shared by all services (experts, resources, courses): Contracts' list.</summary>
    public static readonly IReadOnlyList<string> Topics = Vocabularies.Topics;

    private static readonly HashSet<string> TopicSet = new(Topics, StringComparer.Ordinal);

    public static bool IsTopic(string? value) => value is not null && TopicSet.Contains(value);

    /// <summary><c>grade-1</c> … <c>grade-12</c> (小学一年级 … 高三).</summary>
    public static readonly IReadOnlyList<string> Grades = Enumerable.Range(1, 12).Select(g => $"grade-{g}").ToArray();

    private static readonly HashSet<string> GradeSet = new(Grades, StringComparer.Ordinal);

    public static bool IsGrade(string? value) => value is not null && GradeSet.Contains(value);

    /// <summary>A mainland mobile (13800138000) or a landline with its area code (010-68518519).</summary>
    // .NET's $ also matches before a final line break, which the schema's (ECMAScript) pattern does not.
    public static bool IsPhone(string? value) => value is not null && !value.EndsWith('\n') && PhonePattern().IsMatch(value);

    /// <summary>The longest e-mail address (RFC 5321's path limit).</summary>
    public const int EmailMax = 254;

    public static bool IsEmail(string? value) => value is not null && value.Length <= EmailMax && EmailPattern().IsMatch(value);

    /// <summary>Length as people count it: one per character, a Chinese character is one.</summary>
    public static int CharacterCount(string value)
    {
        var count = 0;
        foreach (var _ in value.EnumerateRunes()) count++;
        return count;
    }

    /// <summary>The shape <see cref="IsPhone"/> checks, which the request schemas state as the phone's <c>pattern</c>.</summary>
    public const string PhoneShape = @"^(1[3-9][0-9]{9}|0[0-9]{2,3}-[0-9]{7,8}(-[0-9]{1,6})?)$";

    [GeneratedRegex(PhoneShape)]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();
}
