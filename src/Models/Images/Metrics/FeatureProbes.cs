using TorchSharp;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Images;

/// <summary>Settings of the logistic-regression probe.</summary>
public sealed record LogisticProbeOptions
{
    public int Steps { get; init; } = 300;
    public double LearningRate { get; init; } = 0.05;
    public double WeightDecay { get; init; } = 1e-4;

    public void Validate()
    {
        var e = new OptionErrors(nameof(LogisticProbeOptions));
        e.Positive(Steps, nameof(Steps));
        e.Positive(LearningRate, nameof(LearningRate));
        e.NonNegative(WeightDecay, nameof(WeightDecay));
        e.ThrowIfAny();
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
    /// Test accuracy of a multinomial logistic regression on standardised features, fitted full-batch with Adam.
    /// </summary>
    public static double LogisticRegressionAccuracy(Tensor trainFeatures, Tensor trainLabels, Tensor testFeatures, Tensor testLabels, LogisticProbeOptions? options = null)
    {
        CheckPair(trainFeatures, trainLabels, "train");
        CheckPair(testFeatures, testLabels, "test");
        using var scope = NewDisposeScope();
        long classes = Math.Max(trainLabels.max().item<long>(), testLabels.max().item<long>()) + 1;
        var predicted = LogisticRegressionPredict(trainFeatures, trainLabels, testFeatures, options, classes);
        return predicted.eq(testLabels.to(predicted.device)).to_type(ScalarType.Float32).mean().item<float>();
    }

    /// <summary>
    /// The classes [N] (int64) that a multinomial logistic regression on standardised features, fitted full-batch with
    /// Adam on the train set, predicts for <paramref name="testFeatures"/>; <paramref name="classes"/> defaults to the
    /// largest train label + 1.
    /// </summary>
    public static Tensor LogisticRegressionPredict(Tensor trainFeatures, Tensor trainLabels, Tensor testFeatures, LogisticProbeOptions? options = null, long? classes = null)
    {
        options ??= new LogisticProbeOptions();
        options.Validate();
        CheckPair(trainFeatures, trainLabels, "train");
        ArgumentNullException.ThrowIfNull(testFeatures);
        if (testFeatures.dim() != 2 || testFeatures.shape[1] != trainFeatures.shape[1])
            throw new ArgumentException($"test features must be [N, {trainFeatures.shape[1]}] (got [{string.Join(", ", testFeatures.shape)}])");
        using var scope = NewDisposeScope();
        var device = trainFeatures.device;
        var train = trainFeatures.detach().to_type(ScalarType.Float32);
        var mean = train.mean([0L], keepdim: true);
        var std = train.std(0, keepdim: true) + 1e-6;
        var x = (train - mean) / std;
        var y = trainLabels.to(device);

        using var probe = nn.Linear(x.shape[1], classes ?? (y.max().item<long>() + 1));
        probe.to(device);
        using var optimizer = optim.Adam(probe.parameters(), options.LearningRate, weight_decay: options.WeightDecay);
        for (var step = 0; step < options.Steps; step++)
        {
            using var inner = NewDisposeScope();
            optimizer.zero_grad();
            nn.functional.cross_entropy(probe.forward(x), y).backward();
            optimizer.step();
        }

        using var noGrad = no_grad();
        var test = (testFeatures.detach().to(device).to_type(ScalarType.Float32) - mean) / std;
        return probe.forward(test).argmax(1).MoveToOuterDisposeScope();
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
