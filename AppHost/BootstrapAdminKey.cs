namespace Kechuang.AppHost;

/// <summary>
/// The bootstrap admin key the AppHost hands the gateway (<c>Parameters:bootstrap-admin-key</c>).
/// Only an AppHost running in Development falls back to the published development value;
/// in any other environment a key must be configured, and it must not be that value.
/// </summary>
public static class BootstrapAdminKey
{
    public const string ConfigurationKey = "Parameters:bootstrap-admin-key";
    public const string DevelopmentValue = "kechuang-dev-admin-key";

    /// <summary>The key to use; throws when the AppHost must not start with what is configured.</summary>
    public static string Resolve(string? configured, string environmentName)
    {
        var development = string.Equals(environmentName, "Development", StringComparison.OrdinalIgnoreCase);
        if (string.IsNullOrWhiteSpace(configured))
            return development
                ? DevelopmentValue
                : throw new InvalidOperationException(
                    $"The AppHost runs in {environmentName}: set Parameters__bootstrap-admin-key (the development default is refused outside Development).");
        if (!development && configured.Trim() == DevelopmentValue)
            throw new InvalidOperationException(
                $"The AppHost runs in {environmentName}: Parameters__bootstrap-admin-key is the published development value; set a secret one.");
        return configured;
    }
}
