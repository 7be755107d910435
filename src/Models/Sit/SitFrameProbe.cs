using SpeechDisentangle.Models.Common.Encoders;
using SpeechDisentangle.Models.Common.Probes;
using SpeechDisentangle.Models.Common.SpeechData;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Sit;

/// <summary>
/// The frame-level content probe: a fresh classifier on a frozen encoder's frame outputs, cross-validated over folds
/// of utterances (an utterance's frames all fall in one fold, so the probe never scores frames of an utterance it
/// trained on). Sets hold "feats", "lengths" and "frame_content" (<see cref="SpeechBatchKeys.Ignore"/> where unlabelled).
/// </summary>
public static class SitFrameProbe
{
    /// <summary>Frames per probe training step: a frame carries less than an utterance, so batches are larger.</summary>
    public const int BatchFrames = 256;

    /// <summary>
    /// Share of the labelled frames that a probe trained on the other folds gets right, and the share of the most
    /// frequent label (what always guessing it scores: the chance level of skewed frame labels). Accuracy is NaN when
    /// the set has fewer utterances than folds, or fewer than two labels.
    /// </summary>
    public static (double Accuracy, double Majority) CrossValidated(SpeechEncoder encoder, IReadOnlyDictionary<string, Tensor> set, int classes, ProbeOptions options, int folds)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        using var scope = NewDisposeScope();
        var (x, y, rows) = Frames(encoder, set, options.BatchSize);
        if (y.shape[0] == 0) return (double.NaN, double.NaN);
        double majority = y.bincount(null).max().item<long>() / (double)y.shape[0];
        if (set[SpeechBatchKeys.Lengths].shape[0] < folds || y.unique().Item1.shape[0] < 2) return (double.NaN, majority);
        var probe = options with { BatchSize = BatchFrames };
        double hits = 0;
        long total = 0;
        for (int k = 0; k < folds; k++)
        {
            var held = rows.remainder(folds).eq(k);
            var heldIndex = held.nonzero().squeeze(1);
            var trainIndex = held.logical_not().nonzero().squeeze(1);
            if (heldIndex.shape[0] == 0 || trainIndex.shape[0] == 0) return (double.NaN, majority);
            var result = EmbeddingProbe.Fit(x.index_select(0, trainIndex), y.index_select(0, trainIndex),
                x.index_select(0, heldIndex), y.index_select(0, heldIndex), classes, probe);
            hits += result.HeldAccuracy * result.HeldCount;
            total += result.HeldCount;
        }
        return (hits / total, majority);
    }

    /// <summary>
    /// Every labelled output frame of the set: embeddings [M, D], labels [M] and the utterance row of each [M], on the
    /// CPU (eval mode, no grad; the encoder's mode is restored).
    /// </summary>
    public static (Tensor X, Tensor Y, Tensor Rows) Frames(SpeechEncoder encoder, IReadOnlyDictionary<string, Tensor> set, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(set);
        var feats = set[SpeechBatchKeys.Feats];
        var lengths = set[SpeechBatchKeys.Lengths];
        var labels = set[SpeechBatchKeys.FrameContent];
        var device = encoder.parameters().First().device;
        bool wasTraining = encoder.training;
        encoder.eval();
        try
        {
            using var noGrad = no_grad();
            var xs = new List<Tensor>();
            var ys = new List<Tensor>();
            var rs = new List<Tensor>();
            for (long start = 0; start < feats.shape[0]; start += batchSize)
            {
                long n = Math.Min(batchSize, feats.shape[0] - start);
                var output = encoder.forward(feats.narrow(0, start, n).to(device), lengths.narrow(0, start, n).to(device));
                var aligned = encoder.AlignFrameLabels(labels.narrow(0, start, n).to(device), output.FrameLengths).cpu();
                var keep = aligned.ne(SpeechBatchKeys.Ignore).flatten().nonzero().squeeze(1);
                var frames = output.Frames.cpu();
                xs.Add(frames.reshape(-1, frames.shape[2]).index_select(0, keep));
                ys.Add(aligned.flatten().index_select(0, keep));
                rs.Add(arange(start, start + n, dtype: ScalarType.Int64).unsqueeze(1).expand(n, aligned.shape[1]).flatten().index_select(0, keep));
            }
            return (cat(xs, 0), cat(ys, 0), cat(rs, 0));
        }
        finally
        {
            encoder.train(wasTraining);
        }
    }
}
