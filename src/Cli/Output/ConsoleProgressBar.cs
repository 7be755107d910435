using System.Diagnostics;
using SpeechDisentangle.Audio.Common;

namespace SpeechDisentangle.Cli.Output;

/// <summary>
/// Shows the <see cref="WorkProgress"/> that the libraries report as a progress bar with rate and ETA. On a
/// terminal it redraws one line in place; on a pipe or log file it prints a plain line every few seconds instead, so
/// CI logs stay readable. A report for another task ends the current line first. Thread-safe.
/// </summary>
internal sealed class ConsoleProgressBar : IProgress<WorkProgress>, IDisposable
{
    readonly TextWriter _out;
    readonly bool _interactive;
    readonly Lock _gate = new();
    readonly Stopwatch _clock = new();
    WorkProgress? _current;
    double _lastDraw;
    long _lastDrawnDone;
    readonly Func<int>? _width;
    int _lastLength;  // of the last interactive line, so that a shorter one can blank its end

    /// <param name="output">Where to draw.</param>
    /// <param name="interactive">Redraw in place (a terminal) rather than print a line every few seconds.</param>
    /// <param name="width">Columns of the terminal; an interactive line is cut to fit (null or less than 2: not cut).</param>
    public ConsoleProgressBar(TextWriter output, bool interactive, Func<int>? width = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        _out = output;
        _interactive = interactive;
        _width = width;
    }

    /// <summary>A bar on standard error, redrawn in place and cut to the terminal's width when that is a terminal.</summary>
    public static ConsoleProgressBar OnStandardError() => new(Console.Error, !Console.IsErrorRedirected, TerminalWidth);

    static int TerminalWidth()
    {
        try { return Console.WindowWidth; }
        catch (Exception e) when (e is IOException or PlatformNotSupportedException or InvalidOperationException) { return 0; }
    }

    /// <inheritdoc/>
    public void Report(WorkProgress value)
    {
        lock (_gate)
        {
            if (_current is not { } current || current.Task != value.Task)
            {
                Finish();
                Start();
                // A start (0 done) only starts the clock; the first line comes with the first finished unit.
                if (value.Done == 0)
                {
                    _current = value;
                    return;
                }
            }
            else if (value.Done < current.Done)
            {
                // Parallel workers may report out of order: keep the furthest count.
                value = value with { Done = current.Done, Note = value.Note ?? current.Note };
            }
            _current = value;
            double now = _clock.Elapsed.TotalSeconds;
            if (now - _lastDraw < (_interactive ? 0.1 : 5.0) && value.Done < value.Total) return;
            _lastDraw = now;
            Draw(value, final: false);
        }
    }

    /// <summary>Ends the current task's line.</summary>
    public void Dispose()
    {
        lock (_gate) Finish();
    }

    void Start()
    {
        _clock.Restart();
        _lastDraw = double.NegativeInfinity;
        _lastDrawnDone = -1;
    }

    void Finish()
    {
        // A line already printed for the final count need not be printed again (non-interactive logs).
        if (_current is { } current && (_interactive || _lastDrawnDone != current.Done)) Draw(current, final: true);
        _current = null;
    }

    void Draw(WorkProgress p, bool final)
    {
        _lastDrawnDone = p.Done;
        double seconds = _clock.Elapsed.TotalSeconds;
        double rate = seconds > 0 ? p.Done / seconds : 0;
        string eta = rate > 0 && p.Total > p.Done ? Format(TimeSpan.FromSeconds((p.Total - p.Done) / rate)) : "--:--";
        string bar = "", pct = "";
        if (p.Total > 0)
        {
            const int width = 30;
            int filled = (int)Math.Min(width, width * p.Done / p.Total);
            bar = "[" + new string('#', filled) + new string('.', width - filled) + "] ";
            pct = $"{100.0 * p.Done / p.Total,5:F1}% ";
        }
        string line = $"{p.Task} {bar}{pct}{p.Done}/{p.Total} {rate:F1} {p.Unit}/s elapsed {Format(_clock.Elapsed)} eta {eta} {p.Note}".TrimEnd();
        if (_interactive) _out.Write("\r" + FitToTerminal(line, final) + (final ? Environment.NewLine : ""));
        else _out.WriteLine(line);
    }

    /// <summary>
    /// A redrawn line must not wrap (each wrap would leave a new row behind): cut it to the terminal's width, and pad
    /// it so that a shorter line clears the end of the longer one before it.
    /// </summary>
    string FitToTerminal(string line, bool final)
    {
        int width = _width?.Invoke() ?? 0;
        if (width > 1 && line.Length > width - 1) line = line[..(width - 1)];
        string padded = line.PadRight(width > 1 ? Math.Min(_lastLength, width - 1) : _lastLength);
        _lastLength = final ? 0 : line.Length;  // a final line ends its row: the next starts a fresh one
        return padded;
    }

    static string Format(TimeSpan t) =>
        t.TotalHours >= 1 ? $"{(int)t.TotalHours}:{t.Minutes:D2}:{t.Seconds:D2}" : $"{t.Minutes:D2}:{t.Seconds:D2}";
}
