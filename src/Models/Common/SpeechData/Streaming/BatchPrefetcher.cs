using System.Collections.Concurrent;

namespace SpeechDisentangle.Models.Common.SpeechData.Streaming;

/// <summary>
/// Loads items 0..count-1 in order on one background thread into a queue of at most <c>capacity</c> items, so reading
/// runs ahead of training by a bounded amount: at most capacity items wait in the queue and one more is being loaded.
/// The thread opens its own state (e.g. a file reader) and disposes it when done. An exception on the thread is
/// rethrown by <see cref="Take"/>; disposing stops the thread.
/// </summary>
/// <typeparam name="TState">What the loading thread opens for itself (files kept open between items).</typeparam>
/// <typeparam name="T">A loaded item.</typeparam>
public sealed class BatchPrefetcher<TState, T> : IDisposable where TState : IDisposable
{
    readonly BlockingCollection<T> _queue;
    readonly CancellationTokenSource _stop = new();
    readonly Thread _thread;
    Exception? _failure;

    /// <param name="count">Items to load.</param>
    /// <param name="capacity">Queue bound (>= 1).</param>
    /// <param name="open">Opens the loading thread's state, on that thread.</param>
    /// <param name="load">Loads item i with that state, on that thread.</param>
    public BatchPrefetcher(int count, int capacity, Func<TState> open, Func<TState, int, T> load)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentNullException.ThrowIfNull(open);
        ArgumentNullException.ThrowIfNull(load);
        _queue = new BlockingCollection<T>(new ConcurrentQueue<T>(), capacity);
        Capacity = capacity;
        _thread = new Thread(() => Run(count, open, load)) { IsBackground = true, Name = "sdt batch prefetch" };
        _thread.Start();
    }

    /// <summary>The queue bound.</summary>
    public int Capacity { get; }

    void Run(int count, Func<TState> open, Func<TState, int, T> load)
    {
        try
        {
            using var state = open();
            for (int i = 0; i < count; i++) _queue.Add(load(state, i), _stop.Token);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            _failure = e;
        }
        finally
        {
            _queue.CompleteAdding();
        }
    }

    /// <summary>The next item, waiting for the loading thread if needed.</summary>
    /// <exception cref="InvalidDataException">Loading failed (the loader's error, wrapped once so its stack survives).</exception>
    public T Take()
    {
        if (_queue.TryTake(out var item, Timeout.Infinite)) return item;
        if (_failure is not null) throw new InvalidDataException(_failure.Message, _failure);
        throw new InvalidOperationException("the prefetcher has no more items");
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        _queue.Dispose();
        _stop.Dispose();
    }
}
