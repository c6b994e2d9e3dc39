using Kechuang.BuildingBlocks.Http;

namespace Kechuang.Experts;

/// <summary>Enum values spelled as the API and the contracts spell them (<c>pending-vetting</c>, <c>science-talk</c>).</summary>
public static class KebabEnum
{
    public static bool TryParse<T>(string? value, out T result) where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
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

    public static string Name<T>(T value) where T : struct, Enum => Json.KebabCase(value.ToString());

    public static string Names<T>() where T : struct, Enum => string.Join(", ", Enum.GetValues<T>().Select(Name));
}
