using System.Text;

namespace Kechuang.Outreach.Domain;

/// <summary>
/// How Outreach recognises a place and a school across services that typed them separately:
/// Unicode-normalised (full-width and half-width forms alike), without whitespace, and for
/// school names case-insensitive. A school is its province, city, county and normalised name.
/// </summary>
public static class Places
{
    private static readonly TimeSpan ChinaStandardTime = TimeSpan.FromHours(8);

    /// <summary>Dates without time (campaign dates, activity dates) are dates in China.</summary>
    public static DateOnly ChinaDate(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(ChinaStandardTime).DateTime);

    /// <summary>A city or county name as Outreach keys it; null when absent.</summary>
    public static string? Name(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var normalised = value.Normalize(NormalizationForm.FormKC);
        var builder = new StringBuilder(normalised.Length);
        foreach (var c in normalised)
            if (!char.IsWhiteSpace(c)) builder.Append(c);
        return builder.ToString();
    }

    /// <summary>The county a fact belongs to: the key of its coverage row.</summary>
    public static string CountyKey(string province, string? city, string? county) =>
        $"{province}|{Name(city)}|{Name(county)}";

    public static string SchoolName(string name) => Name(name)?.ToLowerInvariant() ?? "";

    public static string SchoolKey(string province, string? city, string? county, string name) =>
        $"{CountyKey(province, city, county)}|{SchoolName(name)}";
}
