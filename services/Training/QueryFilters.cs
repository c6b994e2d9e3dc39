using Kechuang.BuildingBlocks.Http;

namespace Kechuang.Training;

/// <summary>List filters from the query string, spelled as the API spells them; a bad value is a 400.</summary>
internal static class QueryFilters
{
    public static bool? Boolean(Validator v, string field, string? raw)
    {
        if (string.IsNullOrEmpty(raw)) return null;
        if (bool.TryParse(raw, out var value)) return value;
        v.Add(field, "must be true or false.");
        return null;
    }

    public static Guid? Id(Validator v, string field, string? raw)
    {
        if (string.IsNullOrEmpty(raw)) return null;
        if (Guid.TryParse(raw, out var value)) return value;
        v.Add(field, "must be a UUID.");
        return null;
    }

    public static void ThrowIfInvalid(this Validator v)
    {
        if (!v.IsValid) throw new RequestValidationException(v.Errors);
    }
}
