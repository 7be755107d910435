using TorchSharp;
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

    /// <summary>Trains a judge on <paramref name="x"/> [N, Bins, T] with labels <paramref name="y"/> int64 [N].</summary>
    public static JudgeClassifier Train(Tensor x, Tensor y, int classes, int steps, int seed)
    {
        var model = new JudgeClassifier((int)x.shape[1], classes);
        Fit(model, x, y, steps, seed);
        return model;
    }

    /// <summary>Adam, cross-entropy on random minibatches; a generic loop shared with the speaker judge and the code probe.</summary>
    public static void Fit(Module<Tensor, Tensor> model, Tensor x, Tensor y, int steps, int seed, double lr = 1e-3,
        int batchSize = 32, double weightDecay = 0)
    {
        var generator = torch.random.manual_seed(seed);
        using var optimizer = optim.Adam(model.parameters(), lr, weight_decay: weightDecay);
        model.train();
        for (int s = 0; s < steps; s++)
        {
            using var _ = NewDisposeScope();
            var idx = randint(x.shape[0], [Math.Min(batchSize, x.shape[0])], generator: generator);
            var loss = functional.cross_entropy(model.call(x.index_select(0, idx)), y.index_select(0, idx));
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
        }
        model.eval();
    }

    /// <summary>Predicted class per row of <paramref name="x"/>, under no_grad.</summary>
    public static long[] Predict(Module<Tensor, Tensor> model, Tensor x)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        model.eval();
        return model.call(x).argmax(1).data<long>().ToArray();
    }
}
