using System.Text.RegularExpressions;

namespace Kechuang.ServiceDefaults.Logging;

/// <summary>
/// Masks what must never reach a log in clear: API keys, tokens, webhook secrets, passwords in
/// JSON, phone numbers and e-mail addresses. Applied to every console line and every log record
/// exported over OTLP, as a last line of defence behind code that does not log such data at all.
/// </summary>
public static partial class PersonalData
{
    public static string Mask(string text)
    {
        if (string.IsNullOrEmpty(text)) return text;
        text = Jwt().Replace(text, "***token***");
        text = ApiKey().Replace(text, "kc_***");
        text = WebhookSecret().Replace(text, "whsec_***");
        text = PasswordField().Replace(text, "$1***\"");
        text = Email().Replace(text, m => m.Groups[1].Value + "***@" + m.Groups[2].Value);
        text = Mobile().Replace(text, m => m.Value[..3] + "****" + m.Value[^4..]);
        text = Landline().Replace(text, m => m.Groups[1].Value + "-****" + m.Groups[2].Value[^Math.Min(4, m.Groups[2].Value.Length)..]);
        return text;
    }

    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*")]
    private static partial Regex Jwt();

    [GeneratedRegex(@"kc_[A-Za-z0-9_-]{6,}")]
    private static partial Regex ApiKey();

    [GeneratedRegex(@"whsec_[A-Za-z0-9+/=]{6,}")]
    private static partial Regex WebhookSecret();

    [GeneratedRegex(@"(""password""\s*:\s*"")[^""]*""", RegexOptions.IgnoreCase)]
    private static partial Regex PasswordField();

    [GeneratedRegex(@"([A-Za-z0-9])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})")]
    private static partial Regex Email();

    [GeneratedRegex(@"(?<!\d)1[3-9]\d{9}(?!\d)")]
    private static partial Regex Mobile();

    [GeneratedRegex(@"(?<!\d)(0\d{2,3})-(\d{7,8})(?!\d)")]
    private static partial Regex Landline();
}
