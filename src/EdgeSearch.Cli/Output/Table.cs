using System.Globalization;

namespace EdgeSearch.Cli.Output;

/// <summary>A plain text table with columns padded to their widest cell; numeric columns right-aligned.</summary>
public sealed class Table(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public Table Add(params object[] cells)
    {
        if (cells.Length != headers.Length) throw new ArgumentException($"A row needs {headers.Length} cells, not {cells.Length}.");
        _rows.Add(cells.Select(Format).ToArray());
        return this;
    }

    public void WriteTo(TextWriter output)
    {
        var widths = headers.Select((h, c) => _rows.Select(r => r[c].Length).Append(h.Length).Max()).ToArray();
        var numeric = headers.Select((header, c) => _rows.Count > 0 && _rows.All(r => double.TryParse(r[c], NumberStyles.Float, CultureInfo.InvariantCulture, out _))).ToArray();
        WriteRow(output, headers, widths, numeric);
        output.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in _rows) WriteRow(output, row, widths, numeric);
    }

    private static void WriteRow(TextWriter output, string[] cells, int[] widths, bool[] numeric) =>
        output.WriteLine(string.Join("  ", cells.Select((cell, c) => numeric[c] ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]))).TrimEnd());

    private static string Format(object cell) => cell switch
    {
        double or float => ((IFormattable)cell).ToString("0.####", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString() ?? "",
    };
}
