using SpeechDisentangle.Models.Core.Data;
using SpeechDisentangle.Models.Core.Training;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Images.TripleGan;

/// <summary>
/// Batches for <see cref="TripleGan"/> and <see cref="TripleGanBaseline"/>: every batch has "x" (a shuffled chunk
/// of the unlabelled images) plus "xl", "yl" (a random draw, with replacement, from the few labelled examples).
/// An epoch is one pass over the unlabelled images. All draws use the epoch generator the trainer passes.
/// The source owns copies of its tensors: dispose it when done.
/// </summary>
public sealed class SemiSupervisedBatchSource : IBatchSource, IDisposable
{
    private readonly Tensor _unlabelled;
    private readonly Tensor _labelledX;
    private readonly Tensor _labelledY;

    /// <param name="x">All images [N, 1, 28, 28].</param>
    /// <param name="y">All labels int64 [N]; only the labelled rows are read.</param>
    /// <param name="labelled">Indices of the labelled rows (see <see cref="LabelledSubset.Select"/>).</param>
    /// <param name="batchSize">Unlabelled images per batch.</param>
    /// <param name="labelledBatchSize">Labelled images per batch.</param>
    /// <param name="unlabelledIncludesLabelled">Whether the labelled rows also serve as unlabelled images (the usual setup).</param>
    public SemiSupervisedBatchSource(Tensor x, Tensor y, IReadOnlyList<int> labelled, int batchSize, int labelledBatchSize, bool unlabelledIncludesLabelled = true)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(labelled);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(labelledBatchSize, 1);
        if (y.shape[0] != x.shape[0]) throw new ArgumentException($"{x.shape[0]} images but {y.shape[0]} labels");
        if (labelled.Count == 0) throw new ArgumentException("no labelled indices given", nameof(labelled));
        foreach (var i in labelled)
            if (i < 0 || i >= x.shape[0]) throw new ArgumentException($"labelled index {i} is outside [0, {x.shape[0]})", nameof(labelled));

        // The source owns its copies beyond any caller's dispose scope.
        using var scope = NewDisposeScope();
        var index = tensor(labelled.Select(i => (long)i).ToArray());
        _labelledX = x.index_select(0, index).clone().DetachFromDisposeScope();
        _labelledY = y.index_select(0, index).clone().DetachFromDisposeScope();
        if (unlabelledIncludesLabelled)
        {
            _unlabelled = x.detach().clone().DetachFromDisposeScope();
        }
        else
        {
            var keep = ones(x.shape[0], dtype: ScalarType.Bool);
            keep[index] = tensor(false);
            _unlabelled = x[keep].clone().DetachFromDisposeScope();
        }
        if (_unlabelled.shape[0] == 0) throw new ArgumentException("no unlabelled images left", nameof(labelled));
        BatchSize = batchSize;
        LabelledBatchSize = labelledBatchSize;
    }

    public int BatchSize { get; }

    public int LabelledBatchSize { get; }

    public long Count => (_unlabelled.shape[0] + BatchSize - 1) / BatchSize;

    public IEnumerable<Batch> Batches(long epoch, Generator generator)
    {
        // The permutation outlives the caller's per-step dispose scopes, so it is detached and freed here.
        Tensor order;
        using (var scope = NewDisposeScope())
            order = randperm(_unlabelled.shape[0], generator: generator).DetachFromDisposeScope();
        try
        {
            for (long b = 0; b < Count; b++)
            {
                var start = b * BatchSize;
                var size = Math.Min(BatchSize, _unlabelled.shape[0] - start);
                var draw = randint(0, _labelledX.shape[0], [LabelledBatchSize], dtype: ScalarType.Int64, generator: generator);
                yield return new Batch
                {
                    ["x"] = _unlabelled.index_select(0, order.narrow(0, start, size)),
                    ["xl"] = _labelledX.index_select(0, draw),
                    ["yl"] = _labelledY.index_select(0, draw),
                };
            }
        }
        finally
        {
            order.Dispose();
        }
    }

    public void Dispose()
    {
        _unlabelled.Dispose();
        _labelledX.Dispose();
        _labelledY.Dispose();
    }
}
