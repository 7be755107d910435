using SpeechDisentangle.Models.Common.Probes;
using SpeechDisentangle.Models.Core.Training;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SpeechDisentangle.Models.VoiceConversion.Evaluation;

/// <summary>
/// The speaker judge: an MLP on time-pooled statistics of a log-mel (per-band mean and standard deviation over the
/// whole utterance), standardised with the training set's statistics. Voice identity lives mostly in the long-term
/// spectrum, which pooling over the utterance exposes whatever the word; a CNN on fixed crops learns it far slower.
/// </summary>
internal sealed class PooledStatsJudge : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> _hidden;
    private readonly Module<Tensor, Tensor> _act;
    private readonly Module<Tensor, Tensor> _dropout;
    private readonly Module<Tensor, Tensor> _output;
    private readonly Tensor _featureMean;
    private readonly Tensor _featureStd;

    private PooledStatsJudge(Tensor featureMean, Tensor featureStd, int classes, int hidden) : base(nameof(PooledStatsJudge))
    {
        _hidden = Linear(featureMean.shape[0], hidden);
        _act = ReLU();
        _dropout = Dropout(0.2);
        _output = Linear(hidden, classes);
        _featureMean = featureMean;
        _featureStd = featureStd;
        RegisterComponents();
    }

    /// <summary>Logits [N, Classes] from pooled statistics [N, 2·Bins] (not yet standardised).</summary>
    public override Tensor forward(Tensor pooled)
    {
        using var scope = NewDisposeScope();
        var x = (pooled - _featureMean) / _featureStd;
        return _output.call(_dropout.call(_act.call(_hidden.call(x)))).MoveToOuterDisposeScope();
    }

    /// <summary>Per-band mean and standard deviation over time of each log-mel [Bins, T] (any length): [N, 2·Bins].</summary>
    public static Tensor Pool(IEnumerable<Tensor> mels)
    {
        ArgumentNullException.ThrowIfNull(mels);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var rows = mels.Select(m =>
        {
            if (m.dim() != 2) throw new ArgumentException($"expected a log-mel [Bins, T], got [{string.Join(", ", m.shape)}]");
            var std = m.shape[1] > 1 ? m.std([1]) : zeros(m.shape[0]);
            return cat([m.mean([1]), std]);
        }).ToArray();
        if (rows.Length == 0) throw new ArgumentException("need at least one utterance");
        return stack(rows).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Trains a judge on log-mels [Bins, T] with labels in 0..classes−1: Adam with weight decay for
    /// <paramref name="steps"/> steps, each on as many utterances as the set holds, drawn with replacement (the sets
    /// are a few hundred utterances), through <see cref="ProbeFit"/>.
    /// </summary>
    public static PooledStatsJudge Train(IReadOnlyList<Tensor> mels, IReadOnlyList<long> labels, int classes, int steps, int seed, int hidden = 256)
    {
        ArgumentNullException.ThrowIfNull(mels);
        ArgumentNullException.ThrowIfNull(labels);
        if (mels.Count != labels.Count) throw new ArgumentException($"{mels.Count} utterances but {labels.Count} labels");
        if (classes < 2) throw new ArgumentOutOfRangeException(nameof(classes), classes, "a judge needs at least 2 classes");
        using var x = Pool(mels);
        using var y = tensor(labels.ToArray());
        var training = new ProbeTraining(steps, (int)x.shape[0], new OptimizerSettings { LearningRate = 3e-3, Beta1 = 0.9, WeightDecay = 1e-4 },
            seed, Batches: ProbeBatches.Resampled);
        return ProbeFit.Train(() => new PooledStatsJudge(x.mean([0]), x.std([0]).add_(1e-3), classes, hidden), x, y, training);
    }

    /// <summary>
    /// The judge's class for each log-mel [Bins, T] and its mean cross-entropy (nats) on the classes
    /// <paramref name="labels"/>, from one pass.
    /// </summary>
    public (long[] Predicted, double CrossEntropy) Score(IEnumerable<Tensor> mels, IReadOnlyList<long> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        using var x = Pool(mels);
        using var y = tensor(labels.ToArray());
        return ProbeFit.Score(this, x, y);
    }

    /// <summary>Predicted class of each log-mel [Bins, T].</summary>
    public long[] Predict(IEnumerable<Tensor> mels)
    {
        using var x = Pool(mels);
        return ProbeFit.Predict(this, x);
    }
}
