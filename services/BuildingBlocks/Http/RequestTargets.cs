namespace Kechuang.BuildingBlocks.Http;

/// <summary>
/// The longest request target (path and query, as sent) the API takes: the gateway answers a
/// longer one 414 <c>uri_too_long</c>; a service reads request lines of <see cref="ServiceLineLimit"/>,
/// the longest target with its method, version and headroom, so every target the gateway forwards
/// reaches it whole.
/// </summary>
public static class RequestTargets
{
    public const int Limit = 8 * 1024;

    public const int ServiceLineLimit = Limit + 1024;
}
