using System.Globalization;

namespace Kechuang.BuildingBlocks.Persistence;

/// <summary>
/// The optimistic-concurrency precondition of a state change: the stream version the caller last
/// saw, or none ("whatever the current version is"). Endpoints take it as a parameter, read from
/// the <c>If-Match</c> header (<see cref="Http.RequestBinding"/>); the version is written back as
/// the ETag <see cref="ETag"/> spells.
/// </summary>
public sealed record IfMatch(long? Version)
{
    public static readonly IfMatch Any = new((long?)null);

    public static string ETag(long version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";
}
