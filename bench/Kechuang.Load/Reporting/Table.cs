using System.Globalization;
using System.Text;

namespace Kechuang.Load.Reporting;

/// <summary>A plain-text table: the first column left-aligned, the others right-aligned.</summary>
public sealed class Table(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public Table Row(params object[] cells)
    {
        _rows.Add(cells.Select(Format).ToArray());
        return this;
    }

    public void WriteTo(TextWriter output)
    {
        var widths = headers.Select((h, i) => Math.Max(Width(h), _rows.Count == 0 ? 0 : _rows.Max(r => Width(r[i])))).ToArray();
        output.WriteLine(Line(headers, widths));
        output.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in _rows) output.WriteLine(Line(row, widths));
    }

    private static string Line(string[] cells, int[] widths)
    {
        var line = new StringBuilder();
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0) line.Append("  ");
            var pad = new string(' ', widths[i] - Width(cells[i]));
            line.Append(i == 0 ? cells[i] + pad : pad + cells[i]);
        }
        return line.ToString().TrimEnd();
    }

    /// <summary>Columns a terminal gives the text: CJK characters take two.</summary>
    private static int Width(string text) => text.Sum(c => c >= '\u2E80' && c <= '\uFFEF' ? 2 : 1);

    private static string Format(object cell) => cell switch
    {
        double d => d.ToString(d >= 100 ? "N0" : "N1", CultureInfo.InvariantCulture),
        long or int => string.Format(CultureInfo.InvariantCulture, "{0:N0}", cell),
        _ => cell.ToString() ?? "",
    };
}
