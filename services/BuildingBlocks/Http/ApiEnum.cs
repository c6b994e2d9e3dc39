namespace Kechuang.BuildingBlocks.Http;

/// <summary>
/// Enum values as the API and the contracts spell them (<c>pending-vetting</c>, <c>pilot-city</c>),
/// for query strings, messages and integration events.
/// </summary>
public static class ApiEnum
{
    public static string Name<T>(T value) where T : struct, Enum => Json.KebabCase(value.ToString());

    public static string Names<T>() where T : struct, Enum => string.Join(", ", System.Enum.GetValues<T>().Select(Name));

    public static bool TryParse<T>(string? value, out T result) where T : struct, Enum
    {
        foreach (var candidate in System.Enum.GetValues<T>())
        {
            if (string.Equals(Name(candidate), value, StringComparison.Ordinal))
            {
                result = candidate;
                return true;
            }
        }
        result = default;
        return false;
    }

    /// <summary>An optional query value that must be one of <typeparamref name="T"/>'s names: absent is null, anything else a field error.</summary>
    public static T? Enum<T>(this Validator v, string field, string? raw) where T : struct, Enum
    {
        if (string.IsNullOrEmpty(raw)) return null;
        if (TryParse<T>(raw, out var value)) return value;
        v.Add(field, $"must be one of: {Names<T>()}.");
        return null;
    }
}
