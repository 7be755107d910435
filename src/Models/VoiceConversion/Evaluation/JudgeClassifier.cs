using SpeechDisentangle.Models.Common.Probes;
using SpeechDisentangle.Models.Core.Training;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SpeechDisentangle.Models.VoiceConversion.Evaluation;

/// <summary>
/// A small CNN over log-mel [B, Bins, T] with mean and max pooling over time; trained on real features it judges
/// converted speech (which speaker? which word?).
/// </summary>
internal sealed class JudgeClassifier : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> _conv1;
    private readonly Module<Tensor, Tensor> _act;
    private readonly Module<Tensor, Tensor> _conv2;
    private readonly Module<Tensor, Tensor> _head;

    public JudgeClassifier(int bins, int classes, int channels = 32) : base(nameof(JudgeClassifier))
    {
        _conv1 = Conv1d(bins, channels, 5, padding: 2, stride: 2);  // strided: cheap on a busy CPU
        _act = ReLU();
        _conv2 = Conv1d(channels, channels, 5, padding: 2, stride: 2);
        _head = Linear(2 * channels, classes);
        RegisterComponents();
    }

    public override Tensor forward(Tensor mel)
    {
        using var scope = NewDisposeScope();
        var h = _act.call(_conv2.call(_act.call(_conv1.call(mel))));
        var pooled = cat([h.mean([2]), h.amax([2])], 1);
        return _head.call(pooled).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Trains a judge on <paramref name="x"/> [N, Bins, T] with labels <paramref name="y"/> int64 [N]: Adam 1e-3 on
    /// random minibatches of 32 (<see cref="ProbeFit"/>).
    /// </summary>
    public static JudgeClassifier Train(Tensor x, Tensor y, int classes, int steps, int seed) =>
        ProbeFit.Train(() => new JudgeClassifier((int)x.shape[1], classes), x, y, Minibatches(steps, seed, learningRate: 1e-3));

    /// <summary>Adam (betas 0.9, 0.999) on minibatches of 32 rows drawn at random with replacement, as the VC judges train.</summary>
    public static ProbeTraining Minibatches(int steps, int seed, double learningRate) =>
        new(steps, 32, new OptimizerSettings { LearningRate = learningRate, Beta1 = 0.9 }, seed, Batches: ProbeBatches.Resampled);
}
