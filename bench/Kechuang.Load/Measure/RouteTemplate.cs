using System.Text;

namespace Kechuang.Load.Measure;

/// <summary>
/// The route a request belongs to, for the tables: ids become <c>{id}</c>, certificate codes
/// <c>{code}</c>, years <c>{year}</c>, and a query keeps its parameter names only
/// (<c>GET /api/v1/resources?q=机器人&amp;page=2</c> is <c>GET /api/v1/resources?q&amp;page</c>).
/// </summary>
public static class RouteTemplate
{
    public static string Of(string method, string pathAndQuery)
    {
        var queryStart = pathAndQuery.IndexOf('?');
        var path = queryStart < 0 ? pathAndQuery : pathAndQuery[..queryStart];
        var result = new StringBuilder(method).Append(' ');
        var segments = path.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            if (i > 0) result.Append('/');
            result.Append(Segment(segments[i], i > 0 ? segments[i - 1] : ""));
        }
        if (queryStart >= 0)
        {
            var names = pathAndQuery[(queryStart + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Select(pair => pair.Split('=', 2)[0]);
            result.Append('?').AppendJoin('&', names);
        }
        return result.ToString();
    }

    private static string Segment(string segment, string previous) =>
        Guid.TryParse(segment, out _) ? "{id}"
        : previous == "certificates" && segment.Length > 0 ? "{code}"
        : segment.Length == 4 && segment.All(char.IsAsciiDigit) ? "{year}"
        : segment;
}
