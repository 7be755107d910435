using System.Diagnostics;

namespace SpeechDisentangle.Audio.Common;

/// <summary>
/// A console progress bar with rate and ETA. Draws in place on a terminal; on a pipe or log file it prints a
/// plain line every few seconds instead, so CI logs stay readable. Thread-safe.
/// </summary>
public sealed class ProgressBar : IDisposable
{
    readonly string _label;
    readonly long _total;
    readonly string _unit;
    readonly TextWriter _out;
    readonly bool _interactive;
    readonly Stopwatch _clock = Stopwatch.StartNew();
    readonly Lock _gate = new();
    long _done;
    double _lastDraw = double.NegativeInfinity;
    long _lastDrawnDone = -1;
    string _suffix = "";

    public ProgressBar(string label, long total, string unit = "it", TextWriter? output = null)
    {
        _label = label;
        _total = Math.Max(0, total);
        _unit = unit;
        _out = output ?? Console.Error;
        _interactive = output == null && !Console.IsErrorRedirected;
    }

    public long Done => Interlocked.Read(ref _done);

    /// <summary>Advances by <paramref name="count"/>; <paramref name="suffix"/> (e.g. "loss=0.31") is shown after the rate.</summary>
    public void Advance(long count = 1, string? suffix = null)
    {
        long done = Interlocked.Add(ref _done, count);
        lock (_gate)
        {
            if (suffix != null) _suffix = suffix;
            double now = _clock.Elapsed.TotalSeconds;
            double every = _interactive ? 0.1 : 5.0;
            if (now - _lastDraw < every && done < _total) return;
            _lastDraw = now;
            Draw(done, now, final: false);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            // A line already printed for the final count need not be printed again (non-interactive logs).
            if (_interactive || _lastDrawnDone != Done) Draw(Done, _clock.Elapsed.TotalSeconds, final: true);
        }
    }

    void Draw(long done, double seconds, bool final)
    {
        _lastDrawnDone = done;
        double rate = seconds > 0 ? done / seconds : 0;
        string eta = rate > 0 && _total > done ? Format(TimeSpan.FromSeconds((_total - done) / rate)) : "--:--";
        string bar = "";
        if (_total > 0)
        {
            const int width = 30;
            int filled = (int)Math.Min(width, width * done / _total);
            bar = "[" + new string('#', filled) + new string('.', width - filled) + "] ";
        }
        string pct = _total > 0 ? $"{100.0 * done / _total,5:F1}% " : "";
        string line = $"{_label} {bar}{pct}{done}/{_total} {rate:F1} {_unit}/s elapsed {Format(_clock.Elapsed)} eta {eta} {_suffix}".TrimEnd();
        if (_interactive) _out.Write("\r" + line + (final ? Environment.NewLine : ""));
        else _out.WriteLine(line);
    }

    static string Format(TimeSpan t) =>
        t.TotalHours >= 1 ? $"{(int)t.TotalHours}:{t.Minutes:D2}:{t.Seconds:D2}" : $"{t.Minutes:D2}:{t.Seconds:D2}";
}
