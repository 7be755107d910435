using SpeechDisentangle.Models.Core.Data;
using SpeechDisentangle.Models.Core.Training;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Common.SpeechData.Streaming;

/// <summary>
/// A batch source whose batches are planned up front and read from disk on a background thread. At the start of an
/// epoch the plan (which utterances, which cuts) is drawn from the epoch generator on the caller's thread, with the
/// very draws the in-memory source makes, so the same seed gives the same batches either way. The background thread
/// then reads each planned batch into plain arrays (<typeparamref name="THost"/>), at most
/// <see cref="FeatureLoadingOptions.PrefetchBatches"/> ahead; the caller's thread turns them into tensors, so the
/// tensors belong to the caller's dispose scope as <see cref="IBatchSource"/> requires.
/// </summary>
/// <typeparam name="TPlan">One batch's plan.</typeparam>
/// <typeparam name="THost">One batch read into arrays.</typeparam>
public sealed class StreamingBatchSource<TPlan, THost> : IBatchSource
{
    readonly Func<long, Generator, IReadOnlyList<TPlan>> _plan;
    readonly Func<UtteranceReader> _open;
    readonly Func<UtteranceReader, TPlan, THost> _read;
    readonly Func<THost, TPlan, Batch> _finish;

    /// <param name="count">Batches per epoch.</param>
    /// <param name="prefetch">Batches read ahead.</param>
    /// <param name="plan">The plan of epoch e (count items), drawn from its generator.</param>
    /// <param name="open">Opens a reader (called on the background thread, once per epoch).</param>
    /// <param name="read">Reads one planned batch into arrays (background thread).</param>
    /// <param name="finish">Makes the batch's tensors (caller's thread).</param>
    public StreamingBatchSource(long count, int prefetch, Func<long, Generator, IReadOnlyList<TPlan>> plan, Func<UtteranceReader> open,
        Func<UtteranceReader, TPlan, THost> read, Func<THost, TPlan, Batch> finish)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(prefetch, 1);
        Count = count;
        Prefetch = prefetch;
        _plan = plan;
        _open = open;
        _read = read;
        _finish = finish;
    }

    public long Count { get; }

    /// <summary>Batches read ahead (the prefetch queue bound).</summary>
    public int Prefetch { get; }

    public IEnumerable<Batch> Batches(long epoch, Generator generator)
    {
        var plans = _plan(epoch, generator);
        if (plans.Count != Count)
            throw new InvalidOperationException($"a streaming epoch plan has {plans.Count} batches, not {Count}");
        using var prefetcher = new BatchPrefetcher<UtteranceReader, THost>(plans.Count, Prefetch, _open, (reader, i) => _read(reader, plans[i]));
        for (int i = 0; i < plans.Count; i++) yield return _finish(prefetcher.Take(), plans[i]);
    }
}
