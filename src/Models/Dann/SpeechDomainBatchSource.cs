using SpeechDisentangle.Models.Common.SpeechData;
using SpeechDisentangle.Models.Core.Training;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Dann;

/// <summary>
/// DANN training batches of padded speech: a <see cref="DomainBatchSource"/> over "feats" [B, T, F], "lengths" [B]
/// and "content" [B] (-100 on target rows), both domains padded to one length, each batch trimmed to its longest
/// utterance.
/// </summary>
public static class SpeechDomainBatchSource
{
    /// <param name="sourceFeats">Source utterances [Ns, T, F], zero-padded.</param>
    /// <param name="sourceLengths">Their frame counts [Ns].</param>
    /// <param name="sourceLabels">Their content labels [Ns] int64.</param>
    /// <param name="targetFeats">Target utterances [Nt, T', F] (null for source only); padded to the longer of T and T'.</param>
    /// <param name="targetLengths">Their frame counts [Nt].</param>
    /// <param name="sourcePerBatch">Source rows per batch (target rows: as many).</param>
    public static DomainBatchSource Create(Tensor sourceFeats, Tensor sourceLengths, Tensor sourceLabels, Tensor? targetFeats, Tensor? targetLengths, int sourcePerBatch)
    {
        ArgumentNullException.ThrowIfNull(sourceFeats);
        ArgumentNullException.ThrowIfNull(sourceLengths);
        ArgumentNullException.ThrowIfNull(sourceLabels);
        if ((targetFeats is null) != (targetLengths is null))
            throw new ArgumentException("give both the target features and their lengths, or neither", nameof(targetLengths));
        if (sourceFeats.dim() != 3 || sourceLengths.shape[0] != sourceFeats.shape[0] || sourceLabels.shape[0] != sourceFeats.shape[0])
            throw new ArgumentException($"source features must be [N, T, F] with N lengths and N labels (got [{string.Join(", ", sourceFeats.shape)}], {sourceLengths.shape[0]}, {sourceLabels.shape[0]})", nameof(sourceFeats));
        if (targetFeats is not null && (targetFeats.dim() != 3 || targetFeats.shape[2] != sourceFeats.shape[2] || targetLengths!.shape[0] != targetFeats.shape[0]))
            throw new ArgumentException($"target features must be [N, T, {sourceFeats.shape[2]}] with N lengths (got [{string.Join(", ", targetFeats.shape)}], {targetLengths!.shape[0]})", nameof(targetFeats));
        long frames = Math.Max(sourceFeats.shape[1], targetFeats?.shape[1] ?? 0);
        var source = new Dictionary<string, Tensor>
        {
            [SpeechBatchKeys.Feats] = PadFrames(sourceFeats, frames),
            [SpeechBatchKeys.Lengths] = sourceLengths.to(ScalarType.Int64),
            [SpeechBatchKeys.Content] = sourceLabels,
        };
        var target = targetFeats is null ? null : new Dictionary<string, Tensor>
        {
            [SpeechBatchKeys.Feats] = PadFrames(targetFeats, frames),
            [SpeechBatchKeys.Lengths] = targetLengths!.to(ScalarType.Int64),
        };
        return new DomainBatchSource(source, SpeechBatchKeys.Content, target, sourcePerBatch, TrimPadding);
    }

    /// <summary>Cuts the padding no row of the batch needs.</summary>
    static Batch TrimPadding(Batch batch)
    {
        long longest = batch.Get(SpeechBatchKeys.Lengths).max().item<long>();
        batch[SpeechBatchKeys.Feats] = batch.Get(SpeechBatchKeys.Feats).narrow(1, 0, longest);
        return batch;
    }

    static Tensor PadFrames(Tensor feats, long frames) =>
        feats.shape[1] == frames ? feats : nn.functional.pad(feats, [0, 0, 0, frames - feats.shape[1]]);
}
