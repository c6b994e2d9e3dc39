namespace Kechuang.Load.Measure;

/// <summary>A route's latencies at each data size, and how much its p99 grew from the first size to the last.</summary>
public sealed record GrowthRow(string Route, IReadOnlyList<RouteStats?> BySize, double? P99Ratio);

public static class Growth
{
    /// <summary>
    /// Routes × sizes from each size's per-route figures (in the order of the sizes), the ratio
    /// p99(last) / p99(first) for routes measured at both; the routes in the order first seen.
    /// </summary>
    public static IReadOnlyList<GrowthRow> Table(IReadOnlyList<IReadOnlyList<RouteStats>> bySize)
    {
        var routes = bySize.SelectMany(s => s.Select(r => r.Route)).Distinct().ToList();
        return routes.Select(route =>
        {
            var cells = bySize.Select(s => s.FirstOrDefault(r => r.Route == route)).ToList();
            double? ratio = cells.Count > 1 && cells[0] is { P99: > 0 } first && cells[^1] is { } last ? Math.Round(last.P99 / first.P99, 2) : null;
            return new GrowthRow(route, cells, ratio);
        }).ToList();
    }
}
