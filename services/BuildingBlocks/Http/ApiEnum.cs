namespace Kechuang.BuildingBlocks.Http;

/// <summary>
/// Enum values as the API and the contracts spell them (<c>pending-vetting</c>, <c>pilot-city</c>),
/// for query strings, messages, metrics and integration events: the one enum-to-text of the code
/// base, the same names JSON bodies use (<see cref="Json.Options"/>).
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
}
