using Kechuang.BuildingBlocks.Http;

namespace Kechuang.Applications.Http;

/// <summary>
/// Query-string filters read as the API spells them (<c>?kind=pilot-city</c>, <c>?status=not-recommended</c>);
/// a value that is not one of them is a field error, never a silent "no filter".
/// </summary>
public static class QueryFilters
{
    public static TEnum? Enum<TEnum>(HttpContext http, string name, Validator v) where TEnum : struct, Enum =>
        v.Enum<TEnum>(name, http.Request.Query[name].ToString());

    public static Guid? Id(HttpContext http, string name, Validator v)
    {
        var raw = http.Request.Query[name].ToString();
        if (raw.Length == 0) return null;
        if (Guid.TryParse(raw, out var id)) return id;
        v.Add(name, "must be a UUID.");
        return null;
    }

    public static int? Int(HttpContext http, string name, int min, int max, Validator v)
    {
        var raw = http.Request.Query[name].ToString();
        if (raw.Length == 0) return null;
        if (int.TryParse(raw, out var value) && value >= min && value <= max) return value;
        v.Add(name, $"must be a whole number from {min} to {max}.");
        return null;
    }

    public static string? Province(HttpContext http, string name, Validator v)
    {
        var raw = http.Request.Query[name].ToString();
        if (raw.Length == 0) return null;
        v.Province(name, raw);
        return raw;
    }

    public static string? Text(HttpContext http, string name, int max, Validator v)
    {
        var raw = http.Request.Query[name].ToString().Trim();
        if (raw.Length == 0) return null;
        v.OptionalText(name, raw, max);
        return raw;
    }
}
