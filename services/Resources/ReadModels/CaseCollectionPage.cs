using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Kechuang.Contracts;
using Kechuang.Resources.Domain;

namespace Kechuang.Resources.ReadModels;

/// <summary>
/// The case collection as a printable page: Chinese labels, every text HTML-escaped (Chinese kept
/// as characters), one case per printed page.
/// </summary>
public static class CaseCollectionPage
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private static readonly string[] GradeNames =
        ["小学一年级", "小学二年级", "小学三年级", "小学四年级", "小学五年级", "小学六年级", "初一", "初二", "初三", "高一", "高二", "高三"];

    public static string Render(CaseCollection collection)
    {
        var html = new StringBuilder();
        html.Append($$"""
            <!DOCTYPE html>
            <html lang="zh-CN">
            <head>
            <meta charset="utf-8">
            <title>{{E(collection.Title)}}</title>
            <style>
            body { font-family: "Noto Serif CJK SC", "Songti SC", SimSun, serif; margin: 2cm; line-height: 1.8; color: #222; }
            h1 { text-align: center; }
            .count { text-align: center; color: #555; }
            article { page-break-before: always; break-before: page; }
            dl { display: grid; grid-template-columns: 6em 1fr; gap: 0.2em 1em; }
            dt { font-weight: bold; }
            @media print { a { color: inherit; text-decoration: none; } }
            </style>
            </head>
            <body>
            <h1>{{E(collection.Title)}}</h1>
            <p class="count">共收录 {{collection.Total}} 个案例</p>
            """);
        html.Append('\n');
        if (collection.Total == 0) html.Append("<p>本年度尚无发布的案例。</p>\n");
        var number = 0;
        foreach (var c in collection.Items)
        {
            number++;
            html.Append($"""
                <article>
                <h2>案例{number}：{E(c.Title)}</h2>
                <dl>
                <dt>提供单位</dt><dd>{E(c.Provider)}</dd>
                <dt>主题</dt><dd>{E(string.Join("、", c.Topics.Select(t => Vocabularies.TopicNames.GetValueOrDefault(t, t))))}</dd>
                <dt>适用年级</dt><dd>{E(string.Join("、", c.Grades.Select(Grade)))}</dd>
                <dt>形式</dt><dd>{Format(c.Format)}</dd>
                <dt>许可</dt><dd>{E(c.License)}</dd>
                <dt>发布日期</dt><dd>{c.PublishedAt.ToOffset(CaseCollection.ChinaStandardTime).ToString("yyyy年M月d日", CultureInfo.InvariantCulture)}</dd>
                </dl>
                <p>{E(c.Summary)}</p>
                """);
            html.Append('\n');
            if (c.Body is not null)
                foreach (var paragraph in c.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    html.Append($"<p>{E(paragraph)}</p>\n");
            if (c.Url is not null) html.Append($"<p>在线资源：<a href=\"{E(c.Url)}\">{E(c.Url)}</a></p>\n");
            html.Append("</article>\n");
        }
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static string E(string text) => Encoder.Encode(text);

    private static string Grade(string grade) =>
        int.TryParse(grade.AsSpan("grade-".Length), out var n) && n is >= 1 and <= 12 ? GradeNames[n - 1] : grade;

    private static string Format(ResourceFormat format) => format switch
    {
        ResourceFormat.Online => "线上",
        ResourceFormat.Offline => "线下",
        _ => "线上线下结合",
    };
}
