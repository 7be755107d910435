using SpeechDisentangle.Models.Data;
using SpeechDisentangle.Models.Speech;
using SpeechDisentangle.Models.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tasks.Dann;

/// <summary>
/// DANN training batches of padded speech: <see cref="SourcePerBatch"/> labelled source utterances followed by as
/// many target utterances, keys "feats" [B, T, F], "lengths" [B], "content" [B] (-100 on target rows: target labels
/// are never shown) and "domain" [B] (0 source, 1 target). Without a target set it yields source rows only (the
/// source-only baseline sees the same source utterances per step). Both domains are reshuffled every epoch; an epoch
/// ends when the smaller runs out. Owns copies of its tensors: dispose it when done.
/// </summary>
public sealed class SpeechDomainBatchSource : IBatchSource, IDisposable
{
    /// <summary>Batch key of the domain: 0 source, 1 target.</summary>
    public const string DomainKey = "domain";

    readonly Tensor _sourceFeats, _sourceLengths, _sourceLabels;
    readonly Tensor? _targetFeats, _targetLengths;

    /// <param name="sourceFeats">Source utterances [Ns, T, F], zero-padded.</param>
    /// <param name="sourceLengths">Their frame counts [Ns].</param>
    /// <param name="sourceLabels">Their content labels [Ns] int64.</param>
    /// <param name="targetFeats">Target utterances [Nt, T', F] (null for source only); padded to the longer of T and T'.</param>
    /// <param name="targetLengths">Their frame counts [Nt].</param>
    /// <param name="sourcePerBatch">Source rows per batch (target rows: as many).</param>
    public SpeechDomainBatchSource(Tensor sourceFeats, Tensor sourceLengths, Tensor sourceLabels, Tensor? targetFeats, Tensor? targetLengths, int sourcePerBatch)
    {
        ArgumentNullException.ThrowIfNull(sourceFeats);
        ArgumentNullException.ThrowIfNull(sourceLengths);
        ArgumentNullException.ThrowIfNull(sourceLabels);
        ArgumentOutOfRangeException.ThrowIfLessThan(sourcePerBatch, 1);
        if ((targetFeats is null) != (targetLengths is null))
            throw new ArgumentException("give both the target features and their lengths, or neither", nameof(targetLengths));
        if (sourceFeats.dim() != 3 || sourceLengths.shape[0] != sourceFeats.shape[0] || sourceLabels.shape[0] != sourceFeats.shape[0])
            throw new ArgumentException($"source features must be [N, T, F] with N lengths and N labels (got [{string.Join(", ", sourceFeats.shape)}], {sourceLengths.shape[0]}, {sourceLabels.shape[0]})", nameof(sourceFeats));
        if (targetFeats is not null && (targetFeats.dim() != 3 || targetFeats.shape[2] != sourceFeats.shape[2] || targetLengths!.shape[0] != targetFeats.shape[0]))
            throw new ArgumentException($"target features must be [N, T, {sourceFeats.shape[2]}] with N lengths (got [{string.Join(", ", targetFeats.shape)}], {targetLengths!.shape[0]})", nameof(targetFeats));
        long smaller = Math.Min(sourceFeats.shape[0], targetFeats?.shape[0] ?? long.MaxValue);
        if (smaller < sourcePerBatch)
            throw new ArgumentException($"each domain needs at least {sourcePerBatch} utterances for one batch (the {(smaller == sourceFeats.shape[0] ? "source" : "target")} domain has {smaller})", nameof(sourcePerBatch));
        long frames = Math.Max(sourceFeats.shape[1], targetFeats?.shape[1] ?? 0);
        _sourceFeats = Keep(PadFrames(sourceFeats, frames));
        _sourceLengths = Keep(sourceLengths.to(ScalarType.Int64));
        _sourceLabels = Keep(sourceLabels.to(ScalarType.Int64));
        _targetFeats = targetFeats is null ? null : Keep(PadFrames(targetFeats, frames));
        _targetLengths = targetLengths is null ? null : Keep(targetLengths.to(ScalarType.Int64));
        SourcePerBatch = sourcePerBatch;
        Count = smaller / sourcePerBatch;
    }

    public int SourcePerBatch { get; }

    public long Count { get; }

    public IEnumerable<Batch> Batches(long epoch, Generator generator)
    {
        // The permutations outlive the caller's per-step dispose scopes, so they are detached and freed here.
        Tensor sourceOrder, targetOrder;
        using (var scope = NewDisposeScope())
        {
            sourceOrder = randperm(_sourceFeats.shape[0], generator: generator);
            targetOrder = randperm(_targetFeats?.shape[0] ?? 1, generator: generator);
            sourceOrder.DetachFromDisposeScope();
            targetOrder.DetachFromDisposeScope();
        }
        try
        {
            for (long b = 0; b < Count; b++)
            {
                var s = sourceOrder.narrow(0, b * SourcePerBatch, SourcePerBatch);
                var feats = _sourceFeats.index_select(0, s);
                var lengths = _sourceLengths.index_select(0, s);
                var labels = _sourceLabels.index_select(0, s);
                var domain = zeros(SourcePerBatch, dtype: ScalarType.Int64);
                if (_targetFeats is not null)
                {
                    var t = targetOrder.narrow(0, b * SourcePerBatch, SourcePerBatch);
                    feats = cat([feats, _targetFeats.index_select(0, t)]);
                    lengths = cat([lengths, _targetLengths!.index_select(0, t)]);
                    labels = cat([labels, full(SourcePerBatch, SpeechBatchKeys.Ignore, dtype: ScalarType.Int64)]);
                    domain = cat([domain, ones(SourcePerBatch, dtype: ScalarType.Int64)]);
                }
                // Trim padding no row of this batch needs.
                long longest = lengths.max().item<long>();
                yield return new Batch
                {
                    [SpeechBatchKeys.Feats] = feats.narrow(1, 0, longest),
                    [SpeechBatchKeys.Lengths] = lengths,
                    [SpeechBatchKeys.Content] = labels,
                    [DomainKey] = domain,
                };
            }
        }
        finally
        {
            sourceOrder.Dispose();
            targetOrder.Dispose();
        }
    }

    static Tensor PadFrames(Tensor feats, long frames) =>
        feats.shape[1] == frames ? feats : nn.functional.pad(feats, [0, 0, 0, frames - feats.shape[1]]);

    static Tensor Keep(Tensor t)
    {
        var copy = t.detach().cpu().clone();
        copy.DetachFromDisposeScope();
        return copy;
    }

    public void Dispose()
    {
        _sourceFeats.Dispose();
        _sourceLengths.Dispose();
        _sourceLabels.Dispose();
        _targetFeats?.Dispose();
        _targetLengths?.Dispose();
    }
}
