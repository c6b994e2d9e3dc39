namespace Kechuang.Load.Workload;

/// <summary>A random pick from a weighted list (weights need not sum to 1).</summary>
public static class Weighted
{
    public static T Pick<T>(IReadOnlyList<T> items, Func<T, double> weight, double total)
    {
        var x = Random.Shared.NextDouble() * total;
        foreach (var item in items)
        {
            if (x < weight(item)) return item;
            x -= weight(item);
        }
        return items[^1];
    }
}
