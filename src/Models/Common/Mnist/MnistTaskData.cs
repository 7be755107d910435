using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Core.Config;
using SpeechDisentangle.Models.Core.Data;
using SpeechDisentangle.Models.Core.Tasks;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Common.Mnist;

/// <summary>`data:` options of the MNIST tasks.</summary>
public sealed record MnistDataOptions : IValidatable
{
    /// <summary>Use only the first N training images (0 = all); for quick runs and tests.</summary>
    public int TrainLimit { get; init; }

    /// <summary>Use only the first N test images (0 = all).</summary>
    public int TestLimit { get; init; }

    /// <summary>Checkpoint of a trained `mnist-classifier` for the Frechet distance of the VAE tasks (none: skipped).</summary>
    public string? ClassifierCheckpoint { get; init; }

    /// <summary>Labelled training images per class of the semi-supervised tasks (Triple-GAN and its baseline).</summary>
    public int LabelsPerClass { get; init; } = 10;

    /// <summary>Seed that picks the labelled images.</summary>
    public int LabelSeed { get; init; }

    /// <summary>Labelled images in each semi-supervised batch (drawn with replacement).</summary>
    public int LabelledBatchSize { get; init; } = 32;

    public IReadOnlyList<string> Errors()
    {
        var errors = new List<string>();
        if (TrainLimit < 0) errors.Add($"data.train_limit must be >= 0 (got {TrainLimit})");
        if (TestLimit < 0) errors.Add($"data.test_limit must be >= 0 (got {TestLimit})");
        if (LabelsPerClass < 1) errors.Add($"data.labels_per_class must be >= 1 (got {LabelsPerClass})");
        if (LabelledBatchSize < 1) errors.Add($"data.labelled_batch_size must be >= 1 (got {LabelledBatchSize})");
        return errors;
    }
}

/// <summary>Loads the MNIST IDX files of a folder for the image tasks: images scaled to [-1, 1].</summary>
public static class MnistTaskData
{
    /// <summary>The `data:` options, validated.</summary>
    public static MnistDataOptions Options(RunConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var options = config.Data.Bind<MnistDataOptions>();
        options.Validate();
        return options;
    }

    /// <summary>Train and test tensors (x in [-1, 1], [N,1,28,28]; y int64), on the CPU.</summary>
    public static (Tensor TrainX, Tensor TrainY, Tensor TestX, Tensor TestY) Load(string folder, RunConfig config)
    {
        var o = Options(config);
        var (trainX, trainY) = MnistFiles.LoadTensors(folder, "train");
        var (testX, testY) = MnistFiles.LoadTensors(folder, "test");
        return (Limit(trainX.mul_(2).sub_(1), o.TrainLimit), Limit(trainY, o.TrainLimit),
                Limit(testX.mul_(2).sub_(1), o.TestLimit), Limit(testY, o.TestLimit));
    }

    static Tensor Limit(Tensor t, int n) => n > 0 && n < t.shape[0] ? t[..n].clone() : t;

    /// <summary>The usual data of an image task: shuffled training batches of x (and y), test tensors for metrics.</summary>
    public static TaskData Standard(string folder, RunConfig config, bool withLabels)
    {
        var (trainX, trainY, testX, testY) = Load(folder, config);
        var train = new Dictionary<string, Tensor> { ["x"] = trainX };
        if (withLabels) train["y"] = trainY;
        var source = new TensorBatchSource(train, config.Trainer.BatchSize, shuffle: true, dropLast: true);
        var tensors = new Dictionary<string, Tensor> { ["train_x"] = trainX, ["train_y"] = trainY, ["test_x"] = testX, ["test_y"] = testY };
        return new TaskData(source, null, tensors);
    }
}
