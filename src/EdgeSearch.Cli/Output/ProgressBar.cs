using System.Diagnostics;

namespace EdgeSearch.Cli.Output;

/// <summary>
/// A one-line progress bar on stderr for long work. It draws only on an interactive console, so redirected
/// output, logs and in-process callers (tests) see nothing but results and errors.
/// </summary>
public sealed class ProgressBar : IDisposable
{
    private const int Width = 30;
    private static readonly long RedrawTicks = Stopwatch.Frequency / 10;
    private readonly TextWriter? _console;
    private readonly string _task;
    private readonly int _total;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _lastDraw = long.MinValue;
    private int _done;

    private ProgressBar(TextWriter? console, string task, int total)
    {
        _console = console;
        _task = task;
        _total = Math.Max(total, 1);
    }

    /// <param name="streamsOutput">True when results are written while the bar runs: then it only draws when they
    /// go elsewhere than the terminal, so the two never share a line.</param>
    public static ProgressBar Start(TextWriter error, string task, int total, bool streamsOutput = false) =>
        new(ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected && (!streamsOutput || Console.IsOutputRedirected) ? error : null, task, total);

    public void Advance(int count = 1)
    {
        _done += count;
        if (_console is null) return;
        var now = _clock.ElapsedTicks;
        if (now - _lastDraw < RedrawTicks && _done < _total) return;
        _lastDraw = now;
        var filled = (int)((long)Width * Math.Min(_done, _total) / _total);
        var rate = _done / Math.Max(_clock.Elapsed.TotalSeconds, 1e-9);
        _console.Write($"\r{_task} [{new string('#', filled)}{new string('.', Width - filled)}] {_done}/{_total} {rate:0}/s ");
    }

    public void Dispose()
    {
        if (_console is not null && _lastDraw != long.MinValue) _console.WriteLine();
    }
}
