using Kechuang.BuildingBlocks.Http;

namespace Kechuang.Resources.Domain;

/// <summary>An enum value as the API spells it (<c>ChangesRequested</c> → <c>changes-requested</c>).</summary>
public static class ApiNames
{
    public static string Of<T>(T value) where T : struct, Enum => Json.KebabCase(value.ToString());

    public static bool TryParse<T>(string? value, out T result) where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(Of(candidate), value, StringComparison.Ordinal))
            {
                result = candidate;
                return true;
            }
        }
        result = default;
        return false;
    }

    public static string List<T>() where T : struct, Enum => string.Join(", ", Enum.GetValues<T>().Select(Of));
}
