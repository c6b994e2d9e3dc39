namespace Kechuang.Seed;

/// <summary>
/// A text progress bar per phase on stderr: redrawn in place on a terminal, one line per phase
/// when stderr is a file or a pipe (so logs stay readable).
/// </summary>
public sealed class Progress(TextWriter output, bool interactive)
{
    private const int Width = 30;
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private string _phase = "";
    private int _total;
    private int _done;
    private long _drawnAt;

    public static Progress ToStandardError() => new(Console.Error, !Console.IsErrorRedirected);

    /// <summary>A progress that shows nothing (library callers that do not want one).</summary>
    public static Progress None { get; } = new(TextWriter.Null, interactive: false);

    public void Start(string phase, int total)
    {
        lock (this)
        {
            _phase = phase;
            _total = Math.Max(1, total);
            _done = 0;
            if (interactive) Draw();
        }
    }

    public void Step(int count = 1)
    {
        lock (this)
        {
            _done += count;
            // At most ten redraws a second: the bar should not cost the seed its speed.
            if (interactive && (Environment.TickCount64 - _drawnAt > 100 || _done >= _total)) Draw();
        }
    }

    public void Finish(string summary)
    {
        lock (this)
        {
            _done = _total;
            if (interactive) Draw();
            output.WriteLine(interactive ? $"  {summary}" : $"{Label()} {Bar()} {summary}");
        }
    }

    public void Note(string text)
    {
        lock (this) output.WriteLine(interactive ? $"\r{text}" : text);
    }

    private string Label() => $"[{_clock.Elapsed.TotalSeconds,5:0.0} s] {_phase,-16}";

    private string Bar()
    {
        var filled = (int)Math.Round(Width * Math.Min(1.0, (double)_done / _total));
        return $"[{new string('#', filled)}{new string('.', Width - filled)}] {Math.Min(_done, _total),5}/{_total}";
    }

    private void Draw()
    {
        _drawnAt = Environment.TickCount64;
        output.Write($"\r{Label()} {Bar()}");
        if (_done >= _total) output.WriteLine();
        output.Flush();
    }
}
