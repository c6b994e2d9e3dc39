using System.Security.Cryptography;
using System.Text;

namespace Kechuang.Training.Domain;

/// <summary>
/// Public verification codes of certificates: <c>KC-XXXX-XXXX-XXXX-XXXX-XXXX</c>, twenty
/// characters of Crockford base32 drawn from a cryptographic generator (100 bits: unguessable,
/// and unique in practice; the certificate store rejects a repeat). The alphabet has no I, L, O
/// or U, so a code read aloud or typed from paper survives: lookups ignore case and dashes and
/// read I/L as 1 and O as 0.
/// </summary>
public static class CertificateCode
{
    public const string Prefix = "KC";
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private const int Length = 20;
    private const int GroupSize = 4;

    public static string New()
    {
        var chars = new char[Length];
        for (var i = 0; i < Length; i++) chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        return Format(chars);
    }

    /// <summary>The canonical form of what someone typed, or null when it cannot be a code.</summary>
    public static string? Normalize(string? typed)
    {
        if (typed is null) return null;
        var chars = new StringBuilder();
        foreach (var c in typed.ToUpperInvariant())
        {
            if (c is '-' || char.IsWhiteSpace(c)) continue;
            chars.Append(c switch { 'O' => '0', 'I' or 'L' => '1', _ => c });
        }
        var body = chars.ToString();
        if (body.Length == Length + Prefix.Length && body.StartsWith(Prefix, StringComparison.Ordinal)) body = body[Prefix.Length..];
        if (body.Length != Length || body.Any(c => !Alphabet.Contains(c))) return null;
        return Format(body.ToCharArray());
    }

    private static string Format(char[] chars) =>
        Prefix + "-" + string.Join("-", chars.Chunk(GroupSize).Select(g => new string(g)));
}
