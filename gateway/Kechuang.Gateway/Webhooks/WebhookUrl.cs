using Kechuang.BuildingBlocks.Http;

namespace Kechuang.Gateway.Webhooks;

/// <summary>What a webhook's URL must look like, before its host is looked at (<see cref="Egress.WebhookTarget"/>).</summary>
public static class WebhookUrl
{
    public const int MaxLength = 2000;

    /// <summary>The parsed URL, or null with the reason added to <paramref name="v"/>.</summary>
    public static Uri? Validate(Validator v, string field, string? url, bool allowPrivateNetworks)
    {
        if (!v.Required(field, url)) return null;
        if (url!.Length > MaxLength) v.Add(field, $"must have at most {MaxLength} characters.");
        else if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            v.Add(field, "must be an absolute https URL.");
        else if (uri.Scheme == "http" && !allowPrivateNetworks) v.Add(field, "must use https.");
        // Credentials in a URL would be shown in every list of webhooks.
        else if (uri.UserInfo.Length > 0) v.Add(field, "must not contain a user name or password.");
        else return uri;
        return null;
    }
}
