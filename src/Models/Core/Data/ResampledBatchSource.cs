using SpeechDisentangle.Models.Core.Training;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Core.Data;

/// <summary>
/// In-memory named tensors (sharing their first dimension) from which every batch is drawn afresh: rows picked
/// uniformly at random, with replacement, by the epoch generator the trainer passes. Suits small sets trained for
/// many more steps than they have batches (probes, judges). Does not own the tensors.
/// </summary>
/// <param name="tensors">Named tensors, all with the same number of rows (at least one).</param>
/// <param name="batchSize">Rows per batch.</param>
/// <param name="count">Batches per epoch.</param>
public sealed class ResampledBatchSource(IReadOnlyDictionary<string, Tensor> tensors, int batchSize, long count) : IBatchSource
{
    readonly long _rows = SharedRows.Of(tensors, nameof(tensors));

    public long Count { get; } = count >= 1 ? count : throw new ArgumentOutOfRangeException(nameof(count), count, "a batch source needs at least one batch");

    public IEnumerable<Batch> Batches(long epoch, Generator generator)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        for (long b = 0; b < Count; b++)
        {
            var rows = randint(_rows, [batchSize], generator: generator);
            var batch = new Batch();
            foreach (var (name, t) in tensors) batch[name] = t.index_select(0, rows.to(t.device));
            yield return batch;
        }
    }
}
