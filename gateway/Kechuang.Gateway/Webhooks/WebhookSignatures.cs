using System.Security.Cryptography;
using System.Text;

namespace Kechuang.Gateway.Webhooks;

/// <summary>
/// How a delivery is signed. <c>X-Kechuang-Signature</c> (API v1) signs the body with the newest
/// secret. The Standard Webhooks headers (https://www.standardwebhooks.com) sign
/// <c>{webhook-id}.{webhook-timestamp}.{body}</c>, so a receiver can also refuse a replay: one
/// <c>v1,</c> signature per secret that still signs (two for 24 h after a rotation).
/// </summary>
public static class WebhookSignatures
{
    public const string LegacyHeader = "X-Kechuang-Signature";
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";
    public const string SecretPrefix = "whsec_";

    /// <summary>A new secret: <c>whsec_</c> and 32 random bytes in base64, as Standard Webhooks secrets are.</summary>
    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>
    /// The key of <c>webhook-signature</c>: the base64-decoded part after <c>whsec_</c>, as the
    /// Standard Webhooks libraries take it. Secrets minted before (<c>whsec_</c> and 48 hex digits)
    /// are valid base64 as well, so they decode the same way here and in those libraries.
    /// </summary>
    public static byte[] KeyOf(string secret) => Convert.FromBase64String(secret[SecretPrefix.Length..]);

    /// <summary><c>sha256=&lt;hex HMAC-SHA256(secret as UTF-8, body)&gt;</c>.</summary>
    public static string Legacy(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary><c>v1,&lt;base64 HMAC-SHA256(key, "{id}.{timestamp}.{body}")&gt;</c> for each secret, space-separated.</summary>
    public static string Standard(IEnumerable<string> secrets, string id, long timestamp, byte[] body)
    {
        byte[] signed = [.. Encoding.UTF8.GetBytes(FormattableString.Invariant($"{id}.{timestamp}.")), .. body];
        return string.Join(' ', secrets.Select(s => "v1," + Convert.ToBase64String(HMACSHA256.HashData(KeyOf(s), signed))));
    }
}
