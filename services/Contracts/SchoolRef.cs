namespace Kechuang.Contracts;

/// <summary>A school as the services exchange it: named within its county, with the rural flag
/// Outreach counts by.</summary>
public sealed record SchoolRef(string Name, string Province, string? City, string? County, bool Rural);
