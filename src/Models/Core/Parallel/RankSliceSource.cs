using System.Globalization;
using SpeechDisentangle.Models.Core.Data;
using SpeechDisentangle.Models.Core.Training;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Core.Parallel;

/// <summary>
/// One rank's share of every batch of a source. Every rank draws the same global batch (the epoch generator depends
/// on the seed and the epoch only) and keeps rows rank, rank + ranks, rank + 2 ranks, ... of each tensor, so the
/// ranks together see exactly the rows one process would see. Strided rather than contiguous rows: a batch made of
/// blocks (DANN's source rows, then its target rows) then gives every rank its share of each block. Every tensor's
/// row count must be a multiple of the number of ranks, so that each rank's mean loss weighs the same; 0-d tensors
/// are passed on whole.
/// </summary>
public sealed class RankSliceSource : ISkippingBatchSource
{
    readonly IBatchSource _source;

    /// <param name="source">The global batches.</param>
    /// <param name="rank">This rank, 0 to <paramref name="ranks"/> - 1.</param>
    /// <param name="ranks">Number of ranks.</param>
    public RankSliceSource(IBatchSource source, int rank, int ranks)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(ranks, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(rank);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(rank, ranks);
        _source = source;
        Rank = rank;
        Ranks = ranks;
    }

    public int Rank { get; }
    public int Ranks { get; }

    /// <summary>Rank <paramref name="rank"/>'s share of <paramref name="source"/>: built by the source itself when it can (<see cref="IRankSlicingSource"/>), else sliced from each global batch.</summary>
    public static IBatchSource For(IBatchSource source, int rank, int ranks) =>
        source is IRankSlicingSource slicing ? slicing.ForRank(rank, ranks) : new RankSliceSource(source, rank, ranks);

    /// <summary>The error for a batch of <paramref name="rows"/> rows (tensor <paramref name="key"/>) that does not split over <paramref name="ranks"/> ranks.</summary>
    public static InvalidOperationException Uneven(string key, long rows, int ranks) => new(string.Create(CultureInfo.InvariantCulture,
        $"data-parallel training over {ranks} ranks splits every batch evenly, but batch tensor '{key}' has {rows} rows: " +
        $"make trainer.batch_size (and any other per-batch count of the model) a multiple of {ranks}"));

    /// <summary>
    /// Rank <paramref name="rank"/>'s share of a batch's rows as this source cuts every tensor: row i goes to rank
    /// i % ranks. <paramref name="offset"/> is the batch row of rows[0] (for a part of a batch).
    /// </summary>
    public static T[] Strided<T>(T[] rows, int rank, int ranks, int offset = 0) => [.. rows.Where((_, i) => (offset + i) % ranks == rank)];

    /// <summary>Throws <see cref="Uneven"/> unless a batch of <paramref name="rows"/> rows splits evenly over <paramref name="ranks"/>.</summary>
    public static void CheckEven(string key, long rows, int ranks)
    {
        if (rows % ranks != 0) throw Uneven(key, rows, ranks);
    }

    public long Count => _source.Count;

    public IEnumerable<Batch> Batches(long epoch, Generator generator)
    {
        foreach (var batch in _source.Batches(epoch, generator)) yield return Slice(batch);
    }

    /// <summary>Skips without building the skipped batches when the wrapped source can, else by drawing and dropping them.</summary>
    public IEnumerable<Batch> Batches(long epoch, Generator generator, long skip)
    {
        var batches = _source is ISkippingBatchSource skipping ? skipping.Batches(epoch, generator, skip) : _source.Batches(epoch, generator).Skip((int)skip);
        foreach (var batch in batches) yield return Slice(batch);
    }

    /// <summary>This rank's rows of <paramref name="batch"/>.</summary>
    /// <exception cref="InvalidOperationException">A tensor's rows do not split evenly over the ranks.</exception>
    public Batch Slice(Batch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var mine = new Batch();
        foreach (var (key, t) in batch)
        {
            if (t.dim() == 0) { mine[key] = t; continue; }
            long rows = t.shape[0];
            if (rows % Ranks != 0) throw Uneven(key, rows, Ranks);
            mine[key] = Ranks == 1 ? t : t.slice(0, Rank, rows, Ranks).contiguous();
        }
        return mine;
    }
}
