using Kechuang.BuildingBlocks.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kechuang.BuildingBlocks.Http;

/// <summary>
/// Collects every field error of a request at once, so a client fixes its input in one round
/// trip. Field names are the JSON paths clients sent (<c>applicant.phone</c>, <c>grades[1]</c>).
/// </summary>
public sealed class Validator
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public Validator Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
        return this;
    }

    public bool Required(string field, object? value)
    {
        if (value is null || value is string s && string.IsNullOrWhiteSpace(s))
        {
            Add(field, "is required.");
            return false;
        }
        return true;
    }

    /// <summary>
    /// Texts of at most this many characters (names, titles, addresses) are one line: no tab or
    /// line break. Longer ones (descriptions, comments) may hold both; no text holds any other
    /// control character.
    /// </summary>
    public const int SingleLineMax = 300;

    /// <summary>Required text of <paramref name="min"/>..<paramref name="max"/> characters.</summary>
    public void Text(string field, string? value, int max, int min = 1)
    {
        if (!Required(field, value)) return;
        var length = Vocabulary.CharacterCount(value!.Trim());
        if (length < min) Add(field, $"must have at least {min} characters.");
        if (length > max) Add(field, $"must have at most {max} characters (it has {length}).");
        Characters(field, value, max);
    }

    /// <summary>Optional text of at most <paramref name="max"/> characters.</summary>
    public void OptionalText(string field, string? value, int max)
    {
        if (value is null) return;
        var length = Vocabulary.CharacterCount(value);
        if (length > max) Add(field, $"must have at most {max} characters (it has {length}).");
        Characters(field, value, max);
    }

    private void Characters(string field, string value, int max)
    {
        var multiline = max > SingleLineMax;
        foreach (var c in value)
        {
            if (multiline ? RequestJson.IsForbidden(c) : RequestJson.IsControl(c))
            {
                Add(field, multiline ? "must not contain control characters other than tab and line breaks."
                    : "must be one line without control characters (no tab or line break).");
                return;
            }
        }
    }

    /// <summary>A list of at most <paramref name="max"/> items; false (and an error) when longer.</summary>
    public bool AtMost<T>(string field, IReadOnlyList<T>? values, int max)
    {
        if (values is null || values.Count <= max) return true;
        Add(field, $"must have at most {max} items (it has {values.Count}).");
        return false;
    }

    public void Province(string field, string? value)
    {
        if (Required(field, value) && !Vocabulary.IsProvince(value))
            Add(field, "is not a provincial-level division of mainland China (e.g. 北京市, 广东省).");
    }

    public void Provinces(string field, IReadOnlyList<string>? values, bool atLeastOne = true)
    {
        if (values is null || values.Count == 0)
        {
            if (atLeastOne) Add(field, "needs at least one province.");
            return;
        }
        if (!AtMost(field, values, Vocabulary.Provinces.Count)) return;
        for (var i = 0; i < values.Count; i++) Province($"{field}[{i}]", values[i]);
    }

    public void Phone(string field, string? value)
    {
        if (Required(field, value) && !Vocabulary.IsPhone(value))
            Add(field, "must be a mainland mobile (13800138000) or a landline with area code (010-68518519).");
    }

    public void Email(string field, string? value)
    {
        if (Required(field, value) && !Vocabulary.IsEmail(value)) Add(field, "must be an e-mail address.");
    }

    public void Topic(string field, string? value)
    {
        if (Required(field, value) && !Vocabulary.IsTopic(value))
            Add(field, $"must be one of: {string.Join(", ", Vocabulary.Topics)}.");
    }

    public void Topics(string field, IReadOnlyList<string>? values, bool atLeastOne = true)
    {
        if (values is null || values.Count == 0)
        {
            if (atLeastOne) Add(field, "needs at least one topic.");
            return;
        }
        if (!AtMost(field, values, Vocabulary.Topics.Count)) return;
        for (var i = 0; i < values.Count; i++) Topic($"{field}[{i}]", values[i]);
    }

    public void Grades(string field, IReadOnlyList<string>? values, bool atLeastOne = true)
    {
        if (values is null || values.Count == 0)
        {
            if (atLeastOne) Add(field, "needs at least one grade (grade-1 … grade-12).");
            return;
        }
        if (!AtMost(field, values, Vocabulary.Grades.Count)) return;
        for (var i = 0; i < values.Count; i++)
            if (!Vocabulary.IsGrade(values[i])) Add($"{field}[{i}]", "must be grade-1 … grade-12.");
    }

    public void Range(string field, int? value, int min, int max)
    {
        if (value is null) Add(field, "is required.");
        else if (value < min || value > max) Add(field, $"must be between {min} and {max}.");
    }

    public void Url(string field, string? value)
    {
        if (value is null) return;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            Add(field, "must be an absolute http(s) URL.");
    }

    /// <summary>A period whose start is before its end, both in the years <see cref="RequestJson.MinYear"/>..<see cref="RequestJson.MaxYear"/>.</summary>
    public void Period(string field, DateTimeOffset? start, DateTimeOffset? end)
    {
        if (start is null) Add($"{field}.start", "is required.");
        else Date($"{field}.start", start.Value);
        if (end is null) Add($"{field}.end", "is required.");
        else Date($"{field}.end", end.Value);
        if (start is not null && end is not null && end <= start) Add(field, "must end after it starts.");
    }

    /// <summary>An instant in the years <see cref="RequestJson.MinYear"/>..<see cref="RequestJson.MaxYear"/> (UTC).</summary>
    public void Date(string field, DateTimeOffset value)
    {
        if (value.UtcDateTime.Year is < RequestJson.MinYear or > RequestJson.MaxYear)
            Add(field, $"must be a date in the years {RequestJson.MinYear} to {RequestJson.MaxYear}.");
    }

    public ValidationProblem ToProblem() => Problems.Validation(Errors);

    public IDictionary<string, string[]> Errors => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
}
