using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Common.Probes;

/// <summary>Settings of the logistic-regression probe.</summary>
public sealed record LogisticProbeOptions : IValidatable
{
    public int Steps { get; init; } = 300;
    public double LearningRate { get; init; } = 0.05;
    public double WeightDecay { get; init; } = 1e-4;
    /// <summary>Seeds the regression's initial weights.</summary>
    public long Seed { get; init; }

    public IReadOnlyList<string> Errors()
    {
        var errors = new List<string>();
        if (!(Steps > 0)) errors.Add($"steps must be > 0 (got {Steps})");
        if (!(LearningRate > 0)) errors.Add($"learning_rate must be > 0 (got {LearningRate})");
        if (!(WeightDecay >= 0)) errors.Add($"weight_decay must be >= 0 (got {WeightDecay})");
        return errors;
    }
}

/// <summary>
/// How much class information a feature space holds: 1-nearest-neighbour and linear (logistic regression) probes,
/// fitted on train features and scored on test features. Features are [N, D], labels int64 [N].
/// </summary>
public static class FeatureProbes
{
    /// <summary>Test accuracy of 1-NN (Euclidean) with the train features as the memory.</summary>
    public static double NearestNeighbourAccuracy(Tensor trainFeatures, Tensor trainLabels, Tensor testFeatures, Tensor testLabels, int chunk = 1024)
    {
        CheckPair(trainFeatures, trainLabels, "train");
        CheckPair(testFeatures, testLabels, "test");
        ArgumentOutOfRangeException.ThrowIfLessThan(chunk, 1);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var memory = trainFeatures.detach().to_type(ScalarType.Float32);
        var memoryLabels = trainLabels.to(memory.device);
        long right = 0;
        for (long start = 0; start < testFeatures.shape[0]; start += chunk)
        {
            using var inner = NewDisposeScope();
            var n = Math.Min(chunk, testFeatures.shape[0] - start);
            var query = testFeatures.narrow(0, start, n).to(memory.device).to_type(ScalarType.Float32);
            var nearest = cdist(query, memory).argmin(1);
            var predicted = memoryLabels.index_select(0, nearest);
            right += predicted.eq(testLabels.narrow(0, start, n).to(memory.device)).sum().item<long>();
        }
        return (double)right / testFeatures.shape[0];
    }

    /// <summary>
    /// Test accuracy of a multinomial logistic regression on standardised features, fitted full-batch with Adam
    /// on the CPU (<see cref="ProbeFit"/>).
    /// </summary>
    public static double LogisticRegressionAccuracy(Tensor trainFeatures, Tensor trainLabels, Tensor testFeatures, Tensor testLabels, LogisticProbeOptions? options = null)
    {
        CheckPair(trainFeatures, trainLabels, "train");
        CheckPair(testFeatures, testLabels, "test");
        using var scope = NewDisposeScope();
        long classes = Math.Max(trainLabels.max().item<long>(), testLabels.max().item<long>()) + 1;
        var (probe, test) = FitLogistic(trainFeatures, trainLabels, testFeatures, options, classes);
        using (probe) return ProbeFit.Accuracy(probe, test, testLabels.cpu());
    }

    /// <summary>
    /// The classes [N] (int64, CPU) that a multinomial logistic regression on standardised features, fitted full-batch
    /// with Adam on the train set, predicts for <paramref name="testFeatures"/>; <paramref name="classes"/> defaults to
    /// the largest train label + 1.
    /// </summary>
    public static Tensor LogisticRegressionPredict(Tensor trainFeatures, Tensor trainLabels, Tensor testFeatures, LogisticProbeOptions? options = null, long? classes = null)
    {
        using var scope = NewDisposeScope();
        var (probe, test) = FitLogistic(trainFeatures, trainLabels, testFeatures, options, classes);
        using (probe) return tensor(ProbeFit.Predict(probe, test)).MoveToOuterDisposeScope();
    }

    /// <summary>The fitted regression and the standardised test features (in the caller's dispose scope).</summary>
    static (TorchSharp.Modules.Linear Probe, Tensor Test) FitLogistic(Tensor trainFeatures, Tensor trainLabels, Tensor testFeatures, LogisticProbeOptions? options, long? classes)
    {
        options ??= new LogisticProbeOptions();
        options.Validate();
        CheckPair(trainFeatures, trainLabels, "train");
        ArgumentNullException.ThrowIfNull(testFeatures);
        if (testFeatures.dim() != 2 || testFeatures.shape[1] != trainFeatures.shape[1])
            throw new ArgumentException($"test features must be [N, {trainFeatures.shape[1]}] (got [{string.Join(", ", testFeatures.shape)}])");
        var train = trainFeatures.detach().to_type(ScalarType.Float32).cpu();
        var mean = train.mean([0L], keepdim: true);
        var std = train.std(0, keepdim: true) + 1e-6;
        var x = (train - mean) / std;
        var y = trainLabels.cpu();
        long count = classes ?? (y.max().item<long>() + 1);
        var training = new ProbeTraining(options.Steps, (int)x.shape[0],
            new OptimizerSettings { Kind = OptimizerKind.Adam, LearningRate = options.LearningRate, Beta1 = 0.9, WeightDecay = options.WeightDecay },
            options.Seed);
        var probe = ProbeFit.Train(() => nn.Linear(x.shape[1], count), x, y, training);
        var test = (testFeatures.detach().cpu().to_type(ScalarType.Float32) - mean) / std;
        return (probe, test);
    }

    private static void CheckPair(Tensor features, Tensor labels, string what)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        if (features.dim() != 2) throw new ArgumentException($"{what} features must be 2-D [N, D] (got [{string.Join(", ", features.shape)}])");
        if (labels.dim() != 1 || labels.shape[0] != features.shape[0])
            throw new ArgumentException($"{what} labels must be [N] = [{features.shape[0]}] (got [{string.Join(", ", labels.shape)}])");
        if (features.shape[0] == 0) throw new ArgumentException($"{what} set is empty");
    }
}
