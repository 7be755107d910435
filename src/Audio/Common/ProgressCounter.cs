namespace SpeechDisentangle.Audio.Common;

/// <summary>
/// Counts the finished units of one job and reports every change as a <see cref="WorkProgress"/> to the caller's
/// <see cref="IProgress{T}"/> (with none it only counts). Thread-safe: parallel workers may advance it at once, so a
/// receiver can see two reports out of order and should keep the largest <see cref="WorkProgress.Done"/>.
/// </summary>
public sealed class ProgressCounter
{
    readonly IProgress<WorkProgress>? _sink;
    readonly string _task;
    readonly long _total;
    readonly string _unit;
    long _done;
    string? _note;

    /// <summary>Starts the job: reports 0 of <paramref name="total"/> so the receiver can start its clock.</summary>
    public ProgressCounter(IProgress<WorkProgress>? sink, string task, long total, string unit)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(unit);
        _sink = sink;
        _task = task;
        _total = Math.Max(0, total);
        _unit = unit;
        _sink?.Report(new WorkProgress(_task, 0, _total, _unit));
    }

    /// <summary>Units finished so far.</summary>
    public long Done => Interlocked.Read(ref _done);

    /// <summary>Adds <paramref name="count"/> finished units; <paramref name="note"/>, when given, replaces the status shown beside the count.</summary>
    public void Advance(long count = 1, string? note = null)
    {
        long done = Interlocked.Add(ref _done, count);
        if (note is not null) Volatile.Write(ref _note, note);
        _sink?.Report(new WorkProgress(_task, done, _total, _unit, Volatile.Read(ref _note)));
    }
}
