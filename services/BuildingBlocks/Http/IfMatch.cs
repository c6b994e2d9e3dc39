using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Kechuang.BuildingBlocks.Http;

/// <summary>
/// The optimistic-concurrency precondition of a state change: <c>If-Match: "&lt;version&gt;"</c>.
/// Absent or <c>*</c> means "whatever the current version is". A header that is not a version
/// is a 400, never a 500.
/// </summary>
public readonly record struct IfMatch(long? Version)
{
    public static ValueTask<IfMatch> BindAsync(HttpContext http)
    {
        var raw = http.Request.Headers.IfMatch.ToString().Trim();
        if (raw.Length == 0 || raw == "*") return ValueTask.FromResult(new IfMatch(null));
        if (raw.StartsWith("W/", StringComparison.Ordinal)) raw = raw[2..];
        raw = raw.Trim('"');
        if (long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0)
            return ValueTask.FromResult(new IfMatch(version));
        throw new RequestValidationException(new Dictionary<string, string[]>
        {
            ["If-Match"] = ["must be the ETag of the record, e.g. \"3\"."],
        });
    }

    public static string ETag(long version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";
}
