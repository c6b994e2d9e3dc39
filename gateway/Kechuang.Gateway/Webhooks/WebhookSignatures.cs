using System.Security.Cryptography;
using System.Text;

namespace Kechuang.Gateway.Webhooks;

/// <summary>How a delivery is signed: <c>X-Kechuang-Signature</c> (API v1) signs the body with the webhook's secret.</summary>
public static class WebhookSignatures
{
    public const string LegacyHeader = "X-Kechuang-Signature";

    /// <summary><c>sha256=&lt;hex HMAC-SHA256(secret as UTF-8, body)&gt;</c>.</summary>
    public static string Legacy(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}
