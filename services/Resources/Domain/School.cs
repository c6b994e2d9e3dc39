namespace Kechuang.Resources.Domain;

/// <summary>A school resources are delivered to (送到学校), with the rural flag Outreach counts by.</summary>
public sealed record School(string Name, string Province, string City, string? County, bool Rural)
{
    /// <summary>
    /// Who the school is, to deliver to it once: its organisation when its key names one,
    /// otherwise its name within its county.
    /// </summary>
    public string KeyFor(Guid? organizationId) =>
        organizationId is { } org ? $"org:{org:N}" : $"school:{Province}|{City}|{County}|{Name}";
}
