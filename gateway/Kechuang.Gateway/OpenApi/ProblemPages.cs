using System.Net;
using System.Text;
using Kechuang.BuildingBlocks.Http;

namespace Kechuang.Gateway.OpenApi;

/// <summary>
/// <c>/docs/problems</c> and <c>/docs/problems/&lt;code&gt;</c>: the page each problem's <c>type</c>
/// points at, explaining the code in Chinese and English — when it happens and what to do.
/// </summary>
public static class ProblemPages
{
    public static void MapProblemPages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/docs/problems").AllowAnonymous().ExcludeFromDescription();
        pages.MapGet("", () => Html("错误代码 Problem codes", Index()));
        pages.MapGet("/{code}", (string code) => ProblemCatalog.Find(code) is { } entry
            ? Html($"{entry.Code} — 错误代码 Problem code", Page(entry))
            : Problems.NotFound("problem code"));
    }

    private static string Index()
    {
        var rows = new StringBuilder();
        foreach (var e in ProblemCatalog.All)
        {
            rows.Append($"<tr><td>{e.Status}</td><td><a href=\"{ProblemCatalog.TypeFor(e.Code)}\"><code>{e.Code}</code></a></td>")
                .Append($"<td lang=\"zh-CN\">{Encode(e.Chinese)}</td><td lang=\"en\">{Encode(e.English)}</td></tr>");
        }
        return "<h1>错误代码 <span lang=\"en\">Problem codes</span></h1>"
            + "<p lang=\"zh-CN\">每个错误应答（application/problem+json）都带有 <code>code</code>，其 <code>type</code> 指向本页的说明。</p>"
            + "<p lang=\"en\">Every problem answer (application/problem+json) carries a <code>code</code>; its <code>type</code> links to the explanation here.</p>"
            + $"<table><thead><tr><th>HTTP</th><th>code</th><th>说明</th><th>Meaning</th></tr></thead><tbody>{rows}</tbody></table>";
    }

    private static string Page(ProblemCatalog.Entry e) =>
        $"<h1><code>{e.Code}</code></h1><p>HTTP {e.Status}</p>"
        + $"<h2>说明</h2><p lang=\"zh-CN\">{Encode(e.Chinese)}</p>"
        + $"<h2 lang=\"en\">Meaning</h2><p lang=\"en\">{Encode(e.English)}</p>"
        + "<p><a href=\"/docs/problems\">所有错误代码 All problem codes</a> · <a href=\"/docs\">API</a></p>";

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static IResult Html(string title, string body) => Results.Content(
        $"<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{Encode(title)}</title>"
        + "<style>body{font-family:system-ui,'Noto Sans CJK SC',sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.6}"
        + "table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;vertical-align:top}</style>"
        + $"</head><body>{body}</body></html>",
        "text/html; charset=utf-8");
}
