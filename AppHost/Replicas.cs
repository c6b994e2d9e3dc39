namespace Kechuang.AppHost;

/// <summary>
/// How many replicas of each service, of the gateway and of the dashboard the AppHost runs (<c>./kechuang run
/// --replicas N</c> sets <c>Kechuang:Replicas</c>): 1 unless configured, at most <see cref="Max"/>
/// on one machine.
/// </summary>
public static class Replicas
{
    public const string ConfigurationKey = "Kechuang:Replicas";
    public const int Max = 4;

    public static int Resolve(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured)) return 1;
        if (int.TryParse(configured, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= Max)
            return n;
        throw new InvalidOperationException($"{ConfigurationKey} is '{configured}': a whole number from 1 to {Max}.");
    }

    /// <summary>
    /// The dashboard's replicas as resources of their own (<c>dashboard</c>, <c>dashboard-2</c>, …):
    /// the gateway takes every service-discovery name of that form as a destination.
    /// </summary>
    public static IEnumerable<string> DashboardNames(int replicas) =>
        Enumerable.Range(1, replicas).Select(n => n == 1 ? "dashboard" : $"dashboard-{n}");
}
