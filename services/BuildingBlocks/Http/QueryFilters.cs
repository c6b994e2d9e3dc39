using Kechuang.BuildingBlocks.Domain;

namespace Kechuang.BuildingBlocks.Http;

/// <summary>
/// List filters read from the query string as the API spells them (<c>?kind=pilot-city</c>,
/// <c>?rural=true</c>). Absent or empty is no filter (null); anything else that is not a valid value
/// is a field error on <paramref name="v"/>, never a silent "no filter". The endpoint then ends
/// with <c>if (!v.IsValid) return v.ToProblem();</c>.
/// </summary>
public static class QueryFilters
{
    /// <summary>One of <typeparamref name="T"/>'s <see cref="ApiEnum"/> names.</summary>
    public static T? Enum<T>(this Validator v, string field, string? raw) where T : struct, System.Enum
    {
        if (string.IsNullOrEmpty(raw)) return null;
        if (ApiEnum.TryParse<T>(raw, out var value)) return value;
        v.Add(field, $"must be one of: {ApiEnum.Names<T>()}.");
        return null;
    }

    /// <summary>A repeated filter (<c>?format=online&amp;format=blended</c>): "any of" these names.</summary>
    public static IReadOnlyList<T> Enums<T>(this Validator v, string field, IEnumerable<string?>? raw) where T : struct, System.Enum
    {
        var parsed = new List<T>();
        foreach (var value in raw ?? [])
            if (v.Enum<T>(field, value) is { } e) parsed.Add(e);
        return parsed;
    }

    public static bool? Boolean(this Validator v, string field, string? raw)
    {
        if (string.IsNullOrEmpty(raw)) return null;
        if (bool.TryParse(raw, out var value)) return value;
        v.Add(field, "must be true or false.");
        return null;
    }

    public static Guid? Id(this Validator v, string field, string? raw)
    {
        if (string.IsNullOrEmpty(raw)) return null;
        if (Guid.TryParse(raw, out var value)) return value;
        v.Add(field, "must be a UUID.");
        return null;
    }

    public static int? Int(this Validator v, string field, string? raw, int min, int max)
    {
        if (string.IsNullOrEmpty(raw)) return null;
        if (int.TryParse(raw, out var value) && value >= min && value <= max) return value;
        v.Add(field, $"must be a whole number from {min} to {max}.");
        return null;
    }

    /// <summary>A province's Chinese name, checked as <see cref="Validator.Province"/> checks it.</summary>
    public static string? ProvinceFilter(this Validator v, string field, string? raw)
    {
        if (string.IsNullOrEmpty(raw)) return null;
        v.Province(field, raw);
        return raw;
    }

    /// <summary>Trimmed text of at most <paramref name="max"/> characters; blank is no filter.</summary>
    public static string? TextFilter(this Validator v, string field, string? raw, int max)
    {
        var text = raw?.Trim();
        if (string.IsNullOrEmpty(text)) return null;
        v.OptionalText(field, text, max);
        return text;
    }
}
