using SpeechDisentangle.Models.Core.Data;
using SpeechDisentangle.Models.Core.Parallel;
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
public sealed class StreamingBatchSource<TPlan, THost> : ISkippingBatchSource, IRankSlicingSource
{
    readonly Func<long, Generator, IReadOnlyList<TPlan>> _plan;
    readonly Func<UtteranceReader> _open;
    readonly Func<UtteranceReader, TPlan, THost> _read;
    readonly Func<THost, TPlan, Batch> _finish;
    readonly Func<TPlan, int, int, TPlan>? _slice;

    /// <param name="count">Batches per epoch.</param>
    /// <param name="prefetch">Batches read ahead.</param>
    /// <param name="plan">The plan of epoch e (count items), drawn from its generator.</param>
    /// <param name="open">Opens a reader (called on the background thread, once per epoch).</param>
    /// <param name="read">Reads one planned batch into arrays (background thread).</param>
    /// <param name="finish">Makes the batch's tensors (caller's thread).</param>
    /// <param name="slice">
    /// The plan of one rank's share (plan, rank, ranks), giving what <see cref="RankSliceSource"/> would cut from the
    /// whole batch; null when the batch cannot be planned per rank (each rank then reads the whole batch and slices it).
    /// </param>
    public StreamingBatchSource(long count, int prefetch, Func<long, Generator, IReadOnlyList<TPlan>> plan, Func<UtteranceReader> open,
        Func<UtteranceReader, TPlan, THost> read, Func<THost, TPlan, Batch> finish, Func<TPlan, int, int, TPlan>? slice = null)
    {
        _slice = slice;
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

    public IEnumerable<Batch> Batches(long epoch, Generator generator) => Batches(epoch, generator, 0);

    /// <summary>A source that plans and reads only rank <paramref name="rank"/>'s rows of every batch (when this one can be sliced).</summary>
    public IBatchSource ForRank(int rank, int ranks)
    {
        if (_slice is null || ranks == 1) return ranks == 1 ? this : new RankSliceSource(this, rank, ranks);
        var slice = _slice;
        return new StreamingBatchSource<TPlan, THost>(Count, Prefetch, (e, g) => [.. _plan(e, g).Select(p => slice(p, rank, ranks))], _open, _read, _finish);
    }

    /// <summary>The epoch's batches from <paramref name="skip"/> on: the whole plan is drawn (cheap), only the rest is read.</summary>
    public IEnumerable<Batch> Batches(long epoch, Generator generator, long skip)
    {
        var plans = _plan(epoch, generator);
        if (plans.Count != Count)
            throw new InvalidOperationException($"a streaming epoch plan has {plans.Count} batches, not {Count}");
        int first = (int)Math.Clamp(skip, 0, plans.Count);
        using var prefetcher = new BatchPrefetcher<UtteranceReader, THost>(plans.Count - first, Prefetch, _open, (reader, i) => _read(reader, plans[first + i]));
        for (int i = first; i < plans.Count; i++) yield return _finish(prefetcher.Take(), plans[i]);
    }
}
