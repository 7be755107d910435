using SpeechDisentangle.Models.Common.Encoders;
using SpeechDisentangle.Models.Common.Probes;
using SpeechDisentangle.Models.Common.SpeechData;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Sit;

/// <summary>The metrics of a speaker-invariant (or baseline) model on held-out utterances.</summary>
public static class SitMetrics
{
    /// <summary>
    /// content_acc_test / content_acc_unseen: the model's content head on test (seen speakers) and unseen speakers
    /// (share of utterances right, or of frames with frame-level content);
    /// speaker_probe_acc (+ speaker_chance) on test and speaker_probe_acc_unseen (+ speaker_chance_unseen): a fresh
    /// classifier on frozen pooled embeddings, cross-validated over data.probe_folds folds of the set (each
    /// fold scored by a probe trained on the others), share of utterances right; content_probe_acc_unseen (+ content_chance) likewise for content
    /// (with frame-level content: a probe on frame outputs, folds of utterances, share of frames right, and content_chance the
    /// most frequent label's share; <see cref="SitFrameProbe"/>).
    /// </summary>
    public static Dictionary<string, double> Compute(SitModel model, IReadOnlyDictionary<string, Tensor> test,
        IReadOnlyDictionary<string, Tensor> unseen, SitDataOptions options, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(unseen);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        model.eval();
        var probe = new ProbeOptions { Steps = options.ProbeSteps, Hidden = options.ProbeHidden, Optimizer = new() { LearningRate = 1e-2, Beta1 = 0.9, WeightDecay = options.ProbeWeightDecay } };
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["adversarial"] = model.Options.Adversarial ? 1 : 0,
            ["content_acc_test"] = ContentAccuracy(model, test, options.EvalBatchSize),
            ["content_acc_unseen"] = ContentAccuracy(model, unseen, options.EvalBatchSize),
        };
        int folds = options.ProbeFolds;
        (metrics["speaker_probe_acc"], metrics["speaker_chance"]) = CrossValidatedProbe(model.Encoder, test, SpeechBatchKeys.Speaker, probe, folds);
        (metrics["speaker_probe_acc_unseen"], metrics["speaker_chance_unseen"]) = CrossValidatedProbe(model.Encoder, unseen, SpeechBatchKeys.Speaker, probe, folds);
        (metrics["content_probe_acc_unseen"], metrics["content_chance"]) = model.Options.FrameLevelContent
            ? SitFrameProbe.CrossValidated(model.Encoder, unseen, model.Options.ContentClasses, probe, folds)
            : CrossValidatedProbe(model.Encoder, unseen, SpeechBatchKeys.Content, probe, folds);
        metrics["speaker_probe_over_chance"] = metrics["speaker_probe_acc"] / metrics["speaker_chance"];
        log.WriteLine(FormattableString.Invariant(
            $"sit: {test[SpeechBatchKeys.Lengths].shape[0]} test and {unseen[SpeechBatchKeys.Lengths].shape[0]} unseen-speaker utterances"));
        // JSON has no NaN: a metric that cannot be computed (e.g. no content labels) is left out, and said so.
        foreach (var key in metrics.Where(kv => !double.IsFinite(kv.Value)).Select(kv => kv.Key).ToList())
        {
            log.WriteLine($"sit: {key} cannot be computed on this data (too few labelled utterances or classes); left out");
            metrics.Remove(key);
        }
        return metrics;
    }

    /// <summary>
    /// Share of utterances with a content label whose arg-max content logit is right (eval mode, no grad); with
    /// frame-level content (<see cref="SitOptions.FrameLevelContent"/>), the share of labelled frames that the
    /// encoder has an output for (its receptive field trims the edges) whose arg-max is right.
    /// </summary>
    public static double ContentAccuracy(SitModel model, IReadOnlyDictionary<string, Tensor> set, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(set);
        var feats = set[SpeechBatchKeys.Feats];
        var lengths = set[SpeechBatchKeys.Lengths];
        bool frameLevel = model.Options.FrameLevelContent;
        if (frameLevel && !set.ContainsKey(SpeechBatchKeys.FrameContent))
            throw new ArgumentException("the model predicts content per frame but the set has no frame labels (data.frame_labels)", nameof(set));
        var labels = set[frameLevel ? SpeechBatchKeys.FrameContent : SpeechBatchKeys.Content];
        var device = model.parameters().First().device;
        using var noGrad = no_grad();
        long hits = 0, total = 0;
        for (long start = 0; start < feats.shape[0]; start += batchSize)
        {
            using var scope = NewDisposeScope();
            long n = Math.Min(batchSize, feats.shape[0] - start);
            var y = labels.narrow(0, start, n).to(device);
            var output = model.forward(feats.narrow(0, start, n).to(device), lengths.narrow(0, start, n).to(device));
            if (frameLevel) y = model.Encoder.AlignFrameLabels(y, output.Encoded.FrameLengths);
            var valid = y.ne(SpeechBatchKeys.Ignore);
            hits += output.ContentLogits.argmax(-1).eq(y).logical_and(valid).sum().item<long>();
            total += valid.sum().item<long>();
        }
        return total == 0 ? double.NaN : (double)hits / total;
    }

    /// <summary>
    /// Cross-validated probe accuracy: the labelled rows are dealt into <paramref name="folds"/> folds stratified by
    /// label (<see cref="SpeechSetTensors.Folds"/>); each fold is scored by a fresh probe trained on the others. Returns
    /// the share of all scored rows the probes got right, and the chance level 1/classes (NaN accuracy when fewer
    /// than two classes, or a fold would be empty).
    /// </summary>
    public static (double Accuracy, double Chance) CrossValidatedProbe(SpeechEncoder encoder, IReadOnlyDictionary<string, Tensor> set, string labelKey, ProbeOptions options, int folds)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(options);
        var labels = set[labelKey];
        var parts = SpeechSetTensors.Folds(labels, folds);
        var all = parts.SelectMany(p => p).ToArray();
        if (all.Length == 0) return (double.NaN, double.NaN);
        using var valid = labels.index_select(0, tensor(all));
        int classes = (int)valid.unique().Item1.shape[0];
        if (classes < 2 || parts.Any(p => p.Count == 0)) return (double.NaN, classes == 0 ? double.NaN : 1.0 / classes);
        using var scope = NewDisposeScope();
        var probeOptions = options with { LabelKey = labelKey };
        double hits = 0;
        for (int k = 0; k < folds; k++)
        {
            // Probe labels must be 0..classes-1: remap the values present (e.g. the seen speakers of test/).
            var held = Relabel(SpeechSetTensors.Rows(set, parts[k]), labelKey, valid);
            var train = Relabel(SpeechSetTensors.Rows(set, [.. parts.Where((_, i) => i != k).SelectMany(p => p)]), labelKey, valid);
            hits += EmbeddingProbe.Run(encoder, train, held, classes, probeOptions).HeldAccuracy * parts[k].Count;
        }
        return (hits / all.Length, 1.0 / classes);
    }

    static Dictionary<string, Tensor> Relabel(Dictionary<string, Tensor> set, string key, Tensor present)
    {
        var values = present.unique().Item1.to(ScalarType.Int64).data<long>().ToArray();
        var map = values.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => (long)p.i);
        var relabelled = set[key].data<long>().Select(v => map[v]).ToArray();
        set[key] = tensor(relabelled);
        return set;
    }
}
