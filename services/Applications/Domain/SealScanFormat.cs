namespace Kechuang.Applications.Domain;

/// <summary>
/// The file types a seal scan may be, recognised by their own first bytes (magic numbers), not
/// by what the client claims: a text file sent as application/pdf is not a PDF.
/// </summary>
public static class SealScanFormat
{
    public const long MaxBytes = 10 * 1024 * 1024;

    private static readonly Dictionary<string, byte[]> Signatures = new(StringComparer.OrdinalIgnoreCase)
    {
        ["application/pdf"] = "%PDF-"u8.ToArray(),
        ["image/png"] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A],
        ["image/jpeg"] = [0xFF, 0xD8, 0xFF],
    };

    public static IReadOnlyCollection<string> ContentTypes => Signatures.Keys;

    public static bool IsAccepted(string contentType) => Signatures.ContainsKey(contentType);

    public static bool Matches(string contentType, ReadOnlySpan<byte> content) =>
        Signatures.TryGetValue(contentType, out var signature) && content.StartsWith(signature);
}
