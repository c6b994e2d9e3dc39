using System.Text.Json;

namespace Kechuang.BuildingBlocks.Domain;

/// <summary>
/// Enum values as the API and the contracts spell them (<c>pending-vetting</c>, <c>pilot-city</c>),
/// for query strings, messages, metrics and integration events: the one enum-to-text of the code
/// base, the same names JSON bodies use (kebab-case, as <c>Http.Json.Options</c> writes them).
/// </summary>
public static class ApiEnum
{
    public static string Name<T>(T value) where T : struct, Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

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
