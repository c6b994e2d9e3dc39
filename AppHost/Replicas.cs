namespace Kechuang.AppHost;

/// <summary>
/// How many replicas of each service and of the gateway the AppHost runs (<c>./kechuang run
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
}
