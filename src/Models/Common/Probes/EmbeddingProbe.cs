using System.Globalization;
using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Common.Encoders;
using SpeechDisentangle.Models.Common.Layers;
using SpeechDisentangle.Models.Common.SpeechData;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Common.Probes;

/// <summary>
/// Measures what a frozen encoder's pooled embeddings reveal: embeds two sets of utterances, trains a fresh linear
/// (or MLP) classifier on the first (<see cref="ProbeFit"/>) and reports accuracy on both.
/// Utterance sets are dictionaries with "feats" [N, T, F] float32, "lengths" [N] int64 and the label key
/// (<see cref="ProbeOptions.LabelKey"/>, [N] int64 in [0, classes)).
/// </summary>
public static class EmbeddingProbe
{
    /// <summary>Pooled embeddings [N, D'] on the CPU, computed in eval mode without gradients (the encoder's mode is restored).</summary>
    public static Tensor Embed(SpeechEncoder encoder, Tensor feats, Tensor lengths, int batchSize = 64)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(feats);
        ArgumentNullException.ThrowIfNull(lengths);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        encoder.CheckLengths(lengths);
        var device = encoder.parameters().First().device;
        bool wasTraining = encoder.training;
        encoder.eval();
        try
        {
            using var noGrad = no_grad();
            var parts = new List<Tensor>();
            for (long start = 0; start < feats.shape[0]; start += batchSize)
            {
                long n = Math.Min(batchSize, feats.shape[0] - start);
                using var scope = NewDisposeScope();
                var pooled = encoder.forward(feats.narrow(0, start, n).to(device), lengths.narrow(0, start, n).to(device)).Pooled.cpu();
                parts.Add(pooled.MoveToOuterDisposeScope());
            }
            var all = cat(parts, 0);
            foreach (var p in parts) p.Dispose();
            return all;
        }
        finally
        {
            encoder.train(wasTraining);
        }
    }

    /// <summary>Trains a fresh probe on <paramref name="train"/>'s embeddings and scores it on both sets.</summary>
    public static ProbeResult Run(SpeechEncoder encoder, IReadOnlyDictionary<string, Tensor> train, IReadOnlyDictionary<string, Tensor> held, int classes, ProbeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(held);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        options ??= new ProbeOptions();
        options.Validate();
        using var scope = NewDisposeScope();
        var trainX = Embed(encoder, Need(train, SpeechBatchKeys.Feats, "train"), Need(train, SpeechBatchKeys.Lengths, "train"), options.BatchSize);
        var heldX = Embed(encoder, Need(held, SpeechBatchKeys.Feats, "held"), Need(held, SpeechBatchKeys.Lengths, "held"), options.BatchSize);
        var trainY = Labels(train, options.LabelKey, classes, "train");
        var heldY = Labels(held, options.LabelKey, classes, "held");
        return Fit(trainX, trainY, heldX, heldY, classes, options);
    }

    /// <summary>
    /// Trains a fresh probe on embeddings <paramref name="trainX"/> [N, D] with labels <paramref name="trainY"/> [N]
    /// (int64 in [0, classes)) and scores it on both sets; for callers that embed their own way (e.g. per frame).
    /// </summary>
    public static ProbeResult Fit(Tensor trainX, Tensor trainY, Tensor heldX, Tensor heldY, int classes, ProbeOptions options)
    {
        ArgumentNullException.ThrowIfNull(trainX);
        ArgumentNullException.ThrowIfNull(heldX);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        using var scope = NewDisposeScope();
        if (options.Standardize)
        {
            var mean = trainX.mean([0], keepdim: true);
            var std = trainX.std(0, keepdim: true).clamp_min(1e-5);
            trainX = (trainX - mean) / std;
            heldX = (heldX - mean) / std;
        }

        using var probe = ProbeFit.Train(() => new ClassifierHead(trainX.shape[1], options.Hidden, classes), trainX, trainY, options.Training);
        double trainAcc = ProbeFit.Accuracy(probe, trainX, trainY);
        double heldAcc = ProbeFit.Accuracy(probe, heldX, heldY);
        return new ProbeResult(trainAcc, heldAcc, trainX.shape[0], heldX.shape[0], classes);
    }

    static Tensor Need(IReadOnlyDictionary<string, Tensor> set, string key, string which) =>
        set.TryGetValue(key, out var t) ? t : throw new ArgumentException($"the {which} utterances have no '{key}' (have: {string.Join(", ", set.Keys)})");

    static Tensor Labels(IReadOnlyDictionary<string, Tensor> set, string key, int classes, string which)
    {
        var labels = Need(set, key, which).to(ScalarType.Int64).cpu();
        long min = labels.min().item<long>(), max = labels.max().item<long>();
        if (min < 0 || max >= classes)
            throw new ArgumentException(string.Format(CultureInfo.InvariantCulture,
                "the {0} utterances' '{1}' labels span [{2}, {3}], outside [0, {4})", which, key, min, max, classes));
        return labels;
    }
}
